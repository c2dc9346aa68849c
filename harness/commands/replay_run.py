"""The body of `persistguard replay`: load, announce PostgreSQL, replay with progress, report.

stdout carries the table and the failures; stderr the start line and the
progress (a line per scenario, and on a terminal a bar for longer runs).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from harness.check.storage import StorageMap
from harness.errors import HarnessError
from harness.postgres import PostgresChoice, PostgresInfo
from harness.redaction import redact_url
from harness.replay import ReplaySettings, replay_all
from harness.report.context import ReportContext
from harness.report.files import check_writable, write_json, write_junit
from harness.report.html import write_html
from harness.report.progress import ReplayProgress
from harness.report.table import print_table
from harness.run.chaos import proxy_advice
from harness.scenario.bundled import bundled_folder
from harness.scenario.loader import load_paths


def replay_command(args: argparse.Namespace) -> int:
    """Load (all or nothing), replay, report: 0 all held, 1 a failure, 2 (raised) bad input."""
    paths: list[str | Path] = list(args.paths)
    if args.bundled:
        paths.append(bundled_folder())
    if not paths:
        raise HarnessError("nothing to replay: give scenario files or folders, or --bundled")
    outputs = (
        ("--report-json", args.report_json),
        ("--junit-xml", args.junit_xml),
        ("--report-html", args.report_html),
    )
    for flag, output in outputs:
        if output:
            check_writable(flag, output)  # before a run that may take minutes
    scenarios = load_paths(paths)
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
    err = Console(stderr=True, highlight=False)
    if not err.is_terminal:
        err = Console(stderr=True, highlight=False, width=200)
    interviews = sum(s.load.interviews for s in scenarios)
    used: list[PostgresInfo] = []

    def announce(info: PostgresInfo) -> None:
        used.append(info)
        target = redact_url(settings.base_url or "") or "the reference app (in-process)"
        err.print(
            f"persistguard replay: {len(scenarios)} scenario(s), {interviews} interview(s) "
            f"against {target} on {info.line()}",
            markup=False,
            soft_wrap=True,
        )

    progress = ReplayProgress(err, scenarios=len(scenarios), interviews=interviews)
    try:
        verdicts = replay_all(
            scenarios,
            settings,
            on_interview_done=progress.interview_done,
            on_verdict=progress.scenario_done,
            on_postgres=announce,
        )
    finally:
        progress.close()
    print_table(verdicts, console)
    context = ReportContext(postgres=used[0] if used else None)
    writers = (
        (args.report_json, write_json),
        (args.junit_xml, write_junit),
        (args.report_html, write_html),
    )
    for path, write in writers:
        if path:
            try:
                write(verdicts, path, context)
            except OSError as exc:
                raise HarnessError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    return 0 if all(v.passed for v in verdicts) else 1
