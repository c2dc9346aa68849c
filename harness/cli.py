"""The `persistguard` command: one parser, subcommands registered by the modules that own them.

Exit codes follow ruff: 0 success, 1 findings or failed invariants, 2 usage,
configuration or environment error.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence

from harness.errors import HarnessError


def build_parser() -> argparse.ArgumentParser:
    """The full parser; each subcommand sets `handler(args) -> exit code`."""
    from harness.commands import explore, locust, mutants, replay, serve
    from lint_rules import cli as lint_cli

    parser = argparse.ArgumentParser(
        prog="persistguard",
        description="Keep lost JSON writes and spawn-before-commit races out of "
        "SQLAlchemy + PostgreSQL backends.",
    )
    lint_cli.add_version(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    replay.register(sub)
    locust.register(sub)
    serve.register(sub)
    mutants.register(sub)
    explore.register(sub)
    lint_cli.register(sub)
    return parser


def _terminate(signum: int, _frame: object) -> None:
    # SIGTERM skips atexit by default; turning it into an exception lets every
    # `finally` and atexit hook drop what the run created.
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    signal.signal(signal.SIGTERM, _terminate)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except HarnessError as exc:
        print(f"persistguard: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("persistguard: interrupted; everything created was dropped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
