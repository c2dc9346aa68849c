"""The table people read after `persistguard replay`: one row per scenario, then each failure.

Printed with rich. At 80 columns the figures keep their width and a long
scenario name folds onto a second line rather than being cut, so two names
never shrink into the same stub.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from harness.check.verdict import Verdict
from harness.report.summary import summarize

#: (header, justify) of the figures; the units sit in the headers.
FIGURES = (
    ("interviews", "right"),
    ("ops", "right"),
    ("fail/\ninfo", "right"),
    ("p50\nms", "right"),
    ("p95\nms", "right"),
    ("p99\nms", "right"),
    ("ops/s", "right"),
    ("held", "right"),
)
#: Under the table: what the terse headers mean.
CAPTION = "fail/info: refused/unknown operations; held: invariants held/checked"


def build_table(verdicts: list[Verdict], title: str = "persistguard replay") -> Table:
    """One row per scenario: counts, latency percentiles, throughput, invariants held."""
    table = Table(
        title=title,
        caption=CAPTION,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    names = [summarize(v).scenario for v in verdicts]
    table.add_column(
        "scenario", overflow="fold", min_width=min(20, max(map(len, names), default=8))
    )
    for header, justify in FIGURES:
        table.add_column(header, justify=justify, no_wrap=True)  # type: ignore[arg-type]
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
            f"{s.throughput_ops_per_s:.0f}",
            f"{mark}{held}/{total}",
        )
    return table


def print_table(
    verdicts: list[Verdict], console: Console, title: str = "persistguard replay"
) -> None:
    """The table, then each failed scenario as `str(verdict)` explains it."""
    console.print(build_table(verdicts, title))
    for verdict in verdicts:
        if not verdict.passed:
            console.print(f"[red]FAIL[/red] {verdict.run.scenario.path}", highlight=False)
            console.print(str(verdict), markup=False, highlight=False, soft_wrap=True)
