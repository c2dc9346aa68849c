"""What a run hands to the checker and the report: the history, the interviews, the checks.

Frozen values, so a `RunResult` can be judged, shown and pickled (pytest-xdist)
long after the run that made it.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.run.expectations import Check
from harness.run.history import Operation
from harness.scenario.model import Scenario


@dataclass(frozen=True)
class InterviewRecord:
    """One interview copy as the runner saw it end."""

    number: int
    id: str | None
    ai_followups: int
    final_status: str | None = None
    final_count: int | None = None
    aborted: str | None = None


@dataclass(frozen=True)
class RunResult:
    """Everything the invariant checker and the report need from a run."""

    scenario: Scenario
    target: str
    history: tuple[Operation, ...]
    interviews: tuple[InterviewRecord, ...]
    checks: tuple[Check, ...]
    elapsed: float
    order: tuple[int, ...]

    def __repr__(self) -> str:
        # Short on purpose: asyncio.run() formats the repr of its main task's result while
        # restoring the SIGINT handler, and the full history of a 50-interview run is
        # megabytes of text built twice for nothing.
        return (
            f"RunResult(scenario={self.scenario.name!r}, target={self.target!r}, "
            f"operations={len(self.history)}, interviews={len(self.interviews)}, "
            f"checks={len(self.checks)}, elapsed={self.elapsed:.3f})"
        )

    def invocations(self) -> list[tuple[int, int, str]]:
        """(interview, step, operation) in invocation order: what "same order" compares."""
        ordered = sorted(self.history, key=lambda op: (op.turn, op.index))
        return [(op.interview, op.step, op.f) for op in ordered]
