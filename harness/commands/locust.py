"""`persistguard locust PATH...`: play scenarios as Locust users, then check the invariants.

Locust runs in subprocesses (standalone, or a master and `--workers` local
workers); persistguard loads the scenarios first (a bad file stops
everything before any load is sent), and judges the transcripts the master
sends back, in the backend's database, exactly as `replay` does.

Exit codes: 0 every invariant held, 1 at least one failed, 2 a bad file,
bad usage, an unreachable database or a Locust run that produced nothing.
"""

from __future__ import annotations

import argparse
from typing import Any

from harness.extras import require_harness


def register(sub: Any) -> None:
    """Add the `locust` subcommand."""
    parser = sub.add_parser(
        "locust",
        help="play scenarios as Locust users (standalone or master + workers), then check",
        description="Play every interview copy of the scenarios as a Locust user against "
        "--base-url, in Locust's standalone mode or as a master with local workers, then "
        "check the invariants directly in --db-url, as `replay` does. Needs the `locust` "
        "extra (pip install 'persistguard[locust]').",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    target = parser.add_argument_group("target")
    target.add_argument("--base-url", required=True, help="the running server under load")
    target.add_argument(
        "--db-url", required=True, help="its database (libpq URL), for the invariant checks"
    )
    storage = parser.add_argument_group("storage (where --db-url keeps the messages)")
    storage.add_argument("--table", default="interviews")
    storage.add_argument("--id-column", default="id")
    storage.add_argument("--json-column", default="conversation_data")
    storage.add_argument(
        "--status-column", default="status", help="interview status column ('' if there is none)"
    )
    load = parser.add_argument_group("Locust")
    load.add_argument(
        "--workers",
        type=int,
        default=0,
        help="local Locust workers under a master; 0 runs Locust standalone (default: 0)",
    )
    load.add_argument(
        "--remote-workers",
        type=int,
        default=0,
        help="workers started elsewhere (other machines) that the master waits for "
        "(default: 0); the command for them is printed once the master listens",
    )
    load.add_argument(
        "--master-bind-host",
        default="127.0.0.1",
        help="where the master listens for workers (default: %(default)s; remote workers "
        "need an address they can reach)",
    )
    load.add_argument(
        "--master-bind-port", type=int, help="the master's port (default: any free one)"
    )
    load.add_argument(
        "--users",
        type=int,
        help="Locust users (default: the sum of each scenario's load.concurrency)",
    )
    load.add_argument("--spawn-rate", type=float, help="users started per second (default: all)")
    load.add_argument(
        "--run-time",
        type=float,
        default=600.0,
        help="seconds after which Locust stops; copies not played by then fail (default: 600)",
    )
    out = parser.add_argument_group("run and output")
    out.add_argument("--seed", type=int, help="overrides each file's load.seed")
    out.add_argument("--report-json", metavar="FILE", help="write a JSON report")
    out.add_argument("--junit-xml", metavar="FILE", help="write a JUnit XML report")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check the extra is installed, then hand over to `harness.commands.locust_run`."""
    require_harness("`persistguard locust`")
    from harness.commands.locust_run import locust_command

    return locust_command(args)
