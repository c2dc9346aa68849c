"""Reports of verdicts: a table for people, JSON for tools, JUnit XML for CI.

All three are views of the same `ScenarioSummary` values, so they never
disagree about what passed.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from rich.console import Console
from rich.table import Table

from harness.check.appends import InvariantFailure
from harness.check.verdict import Verdict
from harness.run.history import Operation


@dataclass(frozen=True)
class ScenarioSummary:
    """The numbers of one replayed scenario."""

    scenario: str
    path: str
    target: str
    seed: int
    interviews: int
    operations: int
    failed_operations: int
    unknown_operations: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    throughput: float
    elapsed: float
    invariants_passed: tuple[str, ...]
    invariants_failed: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.invariants_failed


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def summarize(verdict: Verdict) -> ScenarioSummary:
    """Counts, latency percentiles (HTTP operations, waits excluded) and throughput."""
    run = verdict.run
    http = [op for op in run.history if op.f != "wait"]
    latencies = [op.latency * 1000 for op in http if op.latency is not None]
    return ScenarioSummary(
        scenario=run.scenario.stem,
        path=run.scenario.path,
        target=run.target,
        seed=run.scenario.load.seed,
        interviews=len(run.interviews),
        operations=len(http),
        failed_operations=sum(1 for op in http if op.outcome == "fail"),
        unknown_operations=sum(1 for op in http if op.outcome == "info"),
        p50_ms=round(_percentile(latencies, 50), 2),
        p95_ms=round(_percentile(latencies, 95), 2),
        p99_ms=round(_percentile(latencies, 99), 2),
        throughput=round(len(http) / run.elapsed, 1) if run.elapsed > 0 else 0.0,
        elapsed=round(run.elapsed, 3),
        invariants_passed=tuple(r.name for r in verdict.results if r.passed),
        invariants_failed=tuple(r.name for r in verdict.results if not r.passed),
    )


def print_table(verdicts: list[Verdict], console: Console) -> None:
    """One row per scenario, then each failure with its evidence."""
    table = Table(title="persistguard replay", show_lines=False)
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


def transcript(verdict: Verdict, failure: InvariantFailure, *, around: int = 6) -> str:
    """The failing interview's operations near the one the failure names."""
    ops = [op for op in verdict.run.history if op.interview == failure.interview]
    if not ops:
        return "  (no operations recorded for this interview)"
    focus = _focus(ops, failure)
    start = max(0, focus - around)
    shown = ops[start : focus + around + 1]
    lines = [f"  transcript of interview {failure.interview} ({len(ops)} operations):"]
    if start:
        lines.append(f"    ... {start} earlier operation(s)")
    lines += ["    " + op.line() for op in shown]
    if start + len(shown) < len(ops):
        lines.append(f"    ... {len(ops) - start - len(shown)} later operation(s)")
    return "\n".join(lines)


def _focus(ops: list[Operation], failure: InvariantFailure) -> int:
    for position, op in enumerate(ops):
        if failure.operation and f"op {op.index} " in failure.operation + " ":
            return position
    return len(ops) - 1


def to_json(verdicts: list[Verdict]) -> dict[str, Any]:
    """A JSON-ready report: summaries, and every failure with its SQL and rows."""
    scenarios = []
    for verdict in verdicts:
        summary = asdict(summarize(verdict))
        summary["passed"] = verdict.passed
        summary["failures"] = [asdict(f) for f in verdict.failures()]
        scenarios.append(summary)
    return {"passed": all(v.passed for v in verdicts), "scenarios": scenarios}


def write_json(verdicts: list[Verdict], path: str | Path) -> None:
    """Write `to_json` to `path`."""
    Path(path).write_text(json.dumps(to_json(verdicts), indent=2, default=str) + "\n")


def to_junit(verdicts: list[Verdict]) -> str:
    """JUnit XML: a testsuite per scenario, a testcase per invariant."""
    suites = ET.Element("testsuites", name="persistguard replay")
    for verdict in verdicts:
        s = summarize(verdict)
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=s.scenario,
            tests=str(len(verdict.results)),
            failures=str(len(s.invariants_failed)),
            errors="0",
            time=f"{s.elapsed:.3f}",
        )
        for result in verdict.results:
            case = ET.SubElement(
                suite, "testcase", classname=f"scenarios.{s.scenario}", name=result.name, time="0"
            )
            if result.failures:
                first = result.failures[0]
                failure = ET.SubElement(
                    case, "failure", message=f"{first.expected}; stored/found: {first.found}"
                )
                failure.text = "\n\n".join(f.describe() for f in result.failures)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(verdicts: list[Verdict], path: str | Path) -> None:
    """Write `to_junit` to `path`."""
    Path(path).write_text(to_junit(verdicts))
