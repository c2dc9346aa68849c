"""`persistguard replay PATH...`: replay scenario files and check the invariants in PostgreSQL.

Exit codes: 0 every invariant held, 1 at least one failed, 2 a bad file,
bad usage or an unreachable backend/database (one line, via `HarnessError`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from harness.check.storage import StorageMap
from harness.check.verdict import Verdict
from harness.postgres import PostgresChoice
from harness.replay import ReplaySettings, replay_all
from harness.report.files import check_writable, write_json, write_junit
from harness.report.table import print_table
from harness.run.chaos import proxy_advice
from harness.scenario.loader import load_paths

#: Runs with at least this many interviews in total get a progress bar (on a terminal).
PROGRESS_THRESHOLD = 20


def register(sub: Any) -> None:
    """Add the `replay` subcommand."""
    parser = sub.add_parser(
        "replay",
        help="replay scenario files against a backend and check PostgreSQL",
        description="Replay scenario files (or folders of them) against the reference app on "
        "provisioned PostgreSQL, or against any server at --base-url, then check the "
        "invariants directly in the database.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    target = parser.add_argument_group("target")
    target.add_argument("--base-url", help="a running server that speaks the contract")
    target.add_argument("--db-url", help="its database (libpq URL), for the invariant checks")
    target.add_argument("--pg-url", help="PostgreSQL to provision on when no --base-url")
    target.add_argument("--pg-provider", help="auto, url, embedded, docker or local")
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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load (all or nothing), replay, report; see the module docstring for exit codes."""
    for flag, path in (("--report-json", args.report_json), ("--junit-xml", args.junit_xml)):
        if path:
            check_writable(flag, path)
    scenarios = load_paths(args.paths)
    settings = ReplaySettings(
        base_url=args.base_url,
        db_url=args.db_url,
        postgres=PostgresChoice.from_env(url=args.pg_url, provider=args.pg_provider),
        seed=args.seed,
        storage=StorageMap(
            args.table, args.id_column, args.json_column, args.status_column or None
        ),
    )
    settings.check()
    if settings.base_url:
        for scenario in scenarios:
            advice = proxy_advice(scenario, settings.db_url or "")
            if advice:
                print(advice, file=sys.stderr)
    console = Console()
    if not console.is_terminal:
        console = Console(width=130)  # CI logs: keep every column readable
    err = Console(stderr=True)
    total = sum(s.load.interviews for s in scenarios)
    show = err.is_terminal and total >= PROGRESS_THRESHOLD
    if not show:
        # no Progress at all: a disabled one still writes a newline when it stops
        verdicts = replay_all(scenarios, settings)
    else:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("interviews", total=total)

            def advance() -> None:
                bar.advance(task)

            def finished(verdict: Verdict) -> None:
                word = "ok" if verdict.passed else "FAILED"
                bar.console.print(f"{verdict.run.scenario.path}: {word}", highlight=False)

            verdicts = replay_all(
                scenarios, settings, on_interview_done=advance, on_verdict=finished
            )
    print_table(verdicts, console)
    if args.report_json:
        write_json(verdicts, args.report_json)
    if args.junit_xml:
        write_junit(verdicts, args.junit_xml)
    return 0 if all(v.passed for v in verdicts) else 1
