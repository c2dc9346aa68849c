"""`persistguard lint|fix|rule|rules`: placeholder until the linter lands (issue 4)."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Add the linter's subcommands."""
    return None
