"""`persistguard replay`: placeholder until the scenario engine lands (issue 3)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add the `replay` subcommand."""
    parser = sub.add_parser("replay", help="replay scenario files against a backend")
    parser.add_argument("paths", nargs="*")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    raise SystemExit("persistguard replay: not implemented yet")
