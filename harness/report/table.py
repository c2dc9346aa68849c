"""The table people read after `persistguard replay`: one row per scenario, then each failure.

Printed with rich, so it fits a terminal and stays readable in CI logs.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from harness.check.verdict import Verdict
from harness.report.summary import summarize
from harness.report.text import transcript


def print_table(
    verdicts: list[Verdict], console: Console, title: str = "persistguard replay"
) -> None:
    """One row per scenario, then each failure with its evidence."""
    table = Table(title=title, show_lines=False)
    for column in (
        "scenario",
        "interviews",
        "ops",
        "fail/info",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "ops/s",
        "invariants",
    ):
        table.add_column(column, justify="left" if column == "scenario" else "right")
    for verdict in verdicts:
        s = summarize(verdict)
        held = len(s.invariants_passed)
        total = held + len(s.invariants_failed)
        mark = "[green]" if s.passed else "[red]"
        table.add_row(
            s.scenario,
            str(s.interviews),
            str(s.operations),
            f"{s.failed_operations}/{s.unknown_operations}",
            f"{s.p50_ms:.1f}",
            f"{s.p95_ms:.1f}",
            f"{s.p99_ms:.1f}",
            f"{s.throughput:.0f}",
            f"{mark}{held}/{total} held",
        )
    console.print(table)
    for verdict in verdicts:
        for failure in verdict.failures()[:10]:
            console.print(f"[red]FAIL[/red] {verdict.run.scenario.path}", highlight=False)
            console.print(failure.describe(), markup=False, highlight=False)
            console.print(transcript(verdict, failure), markup=False, highlight=False)
        hidden = len(verdict.failures()) - 10
        if hidden > 0:
            console.print(f"... and {hidden} more failure(s) in {verdict.run.scenario.path}")
