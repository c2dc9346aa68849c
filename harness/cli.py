"""The `persistguard` command: one parser, subcommands registered by the modules that own them.

Exit codes follow ruff: 0 success, 1 findings or failed invariants, 2 usage,
configuration or environment error.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence

from harness.errors import HarnessError
from harness.redaction import scrub


def build_parser() -> argparse.ArgumentParser:
    """The full parser; each subcommand sets `handler(args) -> exit code`.

    Registering imports only the stdlib: each harness handler checks the `harness`
    extra first (`harness.extras`), so the lean install can lint and show `--help`.
    """
    from harness.commands import explore, locust, mutants, proxy, replay, scenarios, serve
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
    proxy.register(sub)
    scenarios.register(sub)
    mutants.register(sub)
    explore.register(sub)
    lint_cli.register(sub)
    return parser


def _terminate(signum: int, _frame: object) -> None:
    # SIGTERM skips atexit by default; turning it into an exception lets every
    # `finally` and atexit hook drop what the run created. Once is enough: a second
    # SIGTERM (a supervisor that repeats itself) must not cut the cleanup short.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt(f"signal {signum}")


def _interrupted() -> str:
    """Clean up what is still held, then say truthfully what, if anything, was left."""
    if "harness.postgres.provision" not in sys.modules:
        return "persistguard: interrupted"
    from harness.postgres.leftovers import left_behind
    from harness.postgres.provision import release_all

    release_all()
    left = left_behind()
    if left:
        return (
            f"persistguard: interrupted; left behind: {', '.join(left)} (the next run removes them)"
        )
    return "persistguard: interrupted; everything created was dropped"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    signal.signal(signal.SIGTERM, _terminate)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except HarnessError as exc:
        print(f"persistguard: error: {scrub(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print(_interrupted(), file=sys.stderr)
        return 130


def run() -> None:
    """The console script: `main`, then exit; after an interrupt, without the slow teardown.

    By then everything the run created is dropped (see `_interrupted`); what is
    left is the interpreter unloading its modules, which on a busy CI machine takes
    seconds a supervisor waiting on SIGTERM does not grant.
    """
    code = main()
    if code == 130:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
