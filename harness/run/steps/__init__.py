"""The step handlers, one module per family of actions; `play` runs a copy's whole script."""

from harness.run.steps.script import HANDLERS, Handler, play

__all__ = ["HANDLERS", "Handler", "play"]
