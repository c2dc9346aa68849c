"""The numbers of one replayed scenario: counts, latency percentiles, throughput, invariants.

Every report (table, JSON, JUnit) is a view of these `ScenarioSummary`
values, so they never disagree about what passed.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from harness.check.verdict import Verdict


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
    throughput_ops_per_s: float
    elapsed_s: float
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
    http = [op for op in run.history if not op.is_wait]
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
        throughput_ops_per_s=round(len(http) / run.elapsed, 1) if run.elapsed > 0 else 0.0,
        elapsed_s=round(run.elapsed, 3),
        invariants_passed=tuple(r.name for r in verdict.results if r.passed),
        invariants_failed=tuple(r.name for r in verdict.results if not r.passed),
    )
