"""`persistguard replay PATH...`: replay scenario files and check the invariants in PostgreSQL.

Exit codes: 0 every invariant held, 1 at least one failed, 2 a bad file,
bad usage or an unreachable backend/database (one line, via `HarnessError`).
This module is the parser only (stdlib), so `persistguard --help` works on the
lean install; the run itself is `harness.commands.replay_run`.
"""

from __future__ import annotations

import argparse
from typing import Any

from harness.extras import require_harness


def register(sub: Any) -> None:
    """Add the `replay` subcommand."""
    parser = sub.add_parser(
        "replay",
        help="replay scenario files against a backend and check PostgreSQL",
        description="Replay scenario files (or folders of them) against the reference app on "
        "provisioned PostgreSQL, or against any server at --base-url, then check the "
        "invariants directly in the database.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="scenario files or folders")
    parser.add_argument(
        "--bundled",
        action="store_true",
        help="also replay the scenarios shipped with persistguard (`persistguard scenarios list`)",
    )
    target = parser.add_argument_group("target")
    target.add_argument(
        "--base-url", metavar="URL", help="a running server that speaks the contract"
    )
    target.add_argument(
        "--db-url", metavar="URL", help="its database (libpq URL), for the invariant checks"
    )
    target.add_argument(
        "--pg-url", metavar="URL", help="PostgreSQL to provision on when no --base-url"
    )
    target.add_argument(
        "--pg-provider", metavar="PROVIDER", help="auto, url, embedded, docker or local"
    )
    storage = parser.add_argument_group("storage (where --db-url keeps the messages)")
    storage.add_argument("--table", default="interviews")
    storage.add_argument("--id-column", default="id")
    storage.add_argument("--json-column", default="conversation_data")
    storage.add_argument(
        "--status-column", default="status", help="interview status column ('' if there is none)"
    )
    out = parser.add_argument_group("run and output")
    out.add_argument("--seed", type=int, help="scheduler seed (overrides each file's load.seed)")
    out.add_argument("--report-json", metavar="FILE", help="write a JSON report")
    out.add_argument("--junit-xml", metavar="FILE", help="write a JUnit XML report")
    out.add_argument(
        "--report-html",
        metavar="FILE",
        help="write a self-contained HTML report (charts, verdicts, failures; no network needed)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check the extra is installed, then hand over to `harness.commands.replay_run`."""
    require_harness("`persistguard replay`")
    from harness.commands.replay_run import replay_command

    return replay_command(args)
