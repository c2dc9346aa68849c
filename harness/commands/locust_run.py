"""The body of `persistguard locust`: load, play under Locust, judge, report."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable

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


def locust_command(args: argparse.Namespace) -> int:
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
