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
import importlib.util
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console

from harness.check.storage import StorageMap
from harness.errors import HarnessError
from harness.locust import LOCUSTFILE
from harness.locust.preflight import preflight
from harness.locust.processes import LocustPlan, run_locust, worker_command
from harness.locust.verdicts import judge_document
from harness.report.files import write_json, write_junit
from harness.report.table import print_table
from harness.scenario.loader import load_paths, scenario_files


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


def _announce(plan: LocustPlan) -> Callable[[int], None] | None:
    """Tell the person running the master how remote workers join it."""
    if not plan.remote_workers:
        return None

    def announce(port: int) -> None:
        # an address bound to every interface is no address to connect to
        host = "MASTER_HOST" if plan.bind_host in ("0.0.0.0", "::", "*") else plan.bind_host
        command = " ".join(worker_command(port, host, "python")).replace(
            LOCUSTFILE, "\"$(python -c 'import harness.locust as h; print(h.LOCUSTFILE)')\""
        )
        print(
            f"persistguard: the master listens on {plan.bind_host}:{port} and waits for "
            f"{plan.remote_workers} remote worker(s); on each load machine run:\n  {command}",
            file=sys.stderr,
            flush=True,
        )

    return announce


def run(args: argparse.Namespace) -> int:
    """Load, play under Locust, judge, report; see the module docstring for exit codes."""
    if importlib.util.find_spec("locust") is None:
        raise HarnessError("`persistguard locust` needs Locust: pip install 'persistguard[locust]'")
    for name in ("workers", "remote_workers", "users", "run_time", "spawn_rate"):
        value = getattr(args, name)
        if value is not None and (value < 0 or (value == 0 and "workers" not in name)):
            raise HarnessError(f"--{name.replace('_', '-')} must be positive, got {value}")
    files = [str(path) for path in scenario_files(args.paths)]
    scenarios = [s.with_seed(args.seed) for s in load_paths(files)]
    if not scenarios:
        raise HarnessError(f"no scenario files under {' '.join(args.paths)}")
    users = args.users or sum(min(s.load.concurrency, s.load.interviews) for s in scenarios)
    plan = LocustPlan(
        base_url=args.base_url,
        users=users,
        spawn_rate=args.spawn_rate or float(users),
        workers=args.workers,
        remote_workers=args.remote_workers,
        bind_host=args.master_bind_host,
        bind_port=args.master_bind_port,
        seed=args.seed,
        run_time=args.run_time,
    )
    storage = StorageMap(args.table, args.id_column, args.json_column, args.status_column or None)
    preflight(args.base_url, args.db_url, storage)
    outcome = run_locust(plan, files, on_master=_announce(plan))
    target = f"{args.base_url} (locust {plan.mode})"
    verdicts = judge_document(outcome.document, scenarios, target, args.db_url, storage)
    console = Console()
    if not console.is_terminal:
        console = Console(width=130)  # CI logs: keep every column readable
    figures = outcome.document.get("locust", {})
    console.print(
        f"Locust {plan.mode}, {users} users: {figures.get('requests', 0)} requests and waits, "
        f"{figures.get('failures', 0)} failed, played by {', '.join(figures.get('players', []))}",
        highlight=False,
    )
    print_table(verdicts, console, title=f"persistguard locust ({plan.mode})")
    if args.report_json:
        write_json(verdicts, args.report_json)
    if args.junit_xml:
        write_junit(verdicts, args.junit_xml)
    return 0 if all(v.passed for v in verdicts) else 1
