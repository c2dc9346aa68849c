"""A judged run as text: the violated invariants, their evidence and the interview's transcript.

One text for every place a failure shows up (the CLI, a scenario item,
`assert verdict`, `Verdict.raise_for_failures()`), so it reads the same wherever
it is met.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from harness.check.evidence import InvariantFailure
from harness.run.history import Operation
from harness.run.result import RunResult


class InvariantResult(Protocol):
    """What is read of `harness.check.verdict.InvariantResult` (which imports this module)."""

    @property
    def name(self) -> str: ...

    @property
    def failures(self) -> tuple[InvariantFailure, ...]: ...

    @property
    def passed(self) -> bool: ...


#: Failures spelled out per scenario; the rest are counted.
SHOWN_FAILURES = 10


def transcript(run: RunResult, failure: InvariantFailure, *, around: int = 6) -> str:
    """The failing interview's operations near the one the failure names."""
    ops = [op for op in run.history if op.interview == failure.interview]
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


def headline(run: RunResult, results: Sequence[InvariantResult]) -> str:
    """`scenarios/x.yaml: 1 failure(s) in final_state (seed 0, target asgi)`, or `...: passed`."""
    failed = [r.name for r in results if not r.passed]
    where = f"(seed {run.scenario.load.seed}, target {run.target})"
    if not failed:
        return f"{run.scenario.path}: {len(results)} invariant(s) held {where}"
    count = sum(len(r.failures) for r in results)
    return f"{run.scenario.path}: {count} failure(s) in {', '.join(failed)} {where}"


def explain(run: RunResult, results: Sequence[InvariantResult]) -> str:
    """The headline, then each failure with its evidence and the interview's transcript."""
    failures = [f for r in results for f in r.failures]
    lines = [headline(run, results)]
    for failure in failures[:SHOWN_FAILURES]:
        lines += ["", failure.describe(), transcript(run, failure)]
    if len(failures) > SHOWN_FAILURES:
        lines.append(f"\n... and {len(failures) - SHOWN_FAILURES} more")
    return "\n".join(lines)
