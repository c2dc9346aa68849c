"""SIGTERM ends a pytest run the way Ctrl-C does, so the plugin's cleanup runs.

pytest handles KeyboardInterrupt (fixture finalizers, `pytest_unconfigure`)
but not SIGTERM, which by default kills the process on the spot: CI
cancellations and `timeout` left template and clone databases on the server
and embedded postmasters running. Each pytest process, xdist workers
included, turns its first SIGTERM into KeyboardInterrupt; a handler someone
else installed is left alone.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

import pytest

_PREVIOUS = pytest.StashKey[object]()


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one is enough; the cleanup must finish
    raise KeyboardInterrupt(f"signal {signum}")


def install(config: pytest.Config) -> None:
    """Turn SIGTERM into KeyboardInterrupt for this process, unless it is already handled."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None):
        return
    config.stash[_PREVIOUS] = signal.signal(signal.SIGTERM, _interrupt)


def uninstall(config: pytest.Config) -> None:
    """Put back what `install` replaced."""
    previous = config.stash.get(_PREVIOUS, None)
    if previous is not None and threading.current_thread() is threading.main_thread():
        del config.stash[_PREVIOUS]
        signal.signal(signal.SIGTERM, previous)  # type: ignore[arg-type]
