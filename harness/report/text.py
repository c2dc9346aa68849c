"""Plain-text evidence of a failure: the failing interview's transcript around the operation.

Shared by the CLI's table and the pytest item, so a failure reads the same
wherever it shows up.
"""

from __future__ import annotations

from harness.check.evidence import InvariantFailure
from harness.check.verdict import Verdict
from harness.run.history import Operation


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


def describe_failure(verdict: Verdict) -> str:
    """The violated invariants, each with its evidence and the interview's transcript."""
    run = verdict.run
    failed = [r.name for r in verdict.results if not r.passed]
    lines = [
        f"{run.scenario.path}: {len(verdict.failures())} failure(s) in "
        f"{', '.join(failed)} (seed {run.scenario.load.seed}, target {run.target})"
    ]
    for failure in verdict.failures()[:5]:
        lines += ["", failure.describe(), transcript(verdict, failure)]
    if len(verdict.failures()) > 5:
        lines.append(f"\n... and {len(verdict.failures()) - 5} more")
    return "\n".join(lines)
