"""Judge a run: the scenario's invariants against PostgreSQL, plus the responses' expectations.

The result (`Verdict`) is the one value reports, the CLI and the pytest item
read: which invariants held, which did not, and why. `INVARIANT_FUNCTIONS`
maps each name a scenario may list to the function that checks it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from harness.check.appends import acknowledged_stored_once, info_at_most_once
from harness.check.counts import count_matches, final_state
from harness.check.evidence import Evidence, Invariant, InvariantFailure
from harness.check.explain import explain, headline
from harness.check.followups import followups_on_time
from harness.check.order import question_order, roles_alternate
from harness.check.storage import Storage, StorageMap, open_storage
from harness.run.result import RunResult

#: Every invariant a scenario may ask for (`harness.scenario.model.INVARIANTS`), by name.
INVARIANT_FUNCTIONS: dict[str, Invariant] = {
    "acknowledged_stored_once": acknowledged_stored_once,
    "info_at_most_once": info_at_most_once,
    "roles_alternate": roles_alternate,
    "question_order": question_order,
    "count_matches": count_matches,
    "followups_on_time": followups_on_time,
    "final_state": final_state,
}

#: Not an invariant of storage, but reported alongside them: each response matched its step.
RESPONSES = "responses_as_expected"


@dataclass(frozen=True)
class InvariantResult:
    """One invariant's outcome."""

    name: str
    failures: tuple[InvariantFailure, ...] = ()
    #: Seconds the check took (its SQL and the comparison).
    elapsed: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.failures


class VerdictFailed(AssertionError):
    """Raised by `Verdict.raise_for_failures()`; its message is the CLI's text for the run."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(str(verdict))
        self.verdict = verdict


@dataclass(frozen=True, repr=False)
class Verdict:
    """A run and what the checker made of it.

    The documented API: `passed` (and `bool(verdict)`, so `assert verdict` reads
    naturally), `failures()`, `raise_for_failures()`, and `str(verdict)`: the
    readable text `persistguard replay` prints for the run.
    """

    run: RunResult
    results: tuple[InvariantResult, ...]

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.results)

    def __bool__(self) -> bool:
        return self.passed

    def failures(self) -> list[InvariantFailure]:
        """Every failure, invariant by invariant."""
        return [failure for result in self.results for failure in result.failures]

    def raise_for_failures(self) -> None:
        """Raise `VerdictFailed` (an `AssertionError`) with the CLI's text if anything failed."""
        if not self.passed:
            raise VerdictFailed(self)

    def __str__(self) -> str:
        return explain(self.run, self.results)

    def __repr__(self) -> str:
        # One line: what `assert verdict` shows first (the plugin adds the full text).
        return f"<Verdict {headline(self.run, self.results)}>"


def expectation_failures(run: RunResult) -> list[InvariantFailure]:
    """The runner's response checks, in the same shape as invariant failures."""
    ids = {record.number: record.id for record in run.interviews}
    by_index = {op.index: op for op in run.history}
    found = []
    for check in run.checks:
        op = by_index.get(check.op) if check.op is not None else None
        found.append(
            InvariantFailure(
                RESPONSES,
                check.interview,
                ids.get(check.interview),
                expected=check.expected,
                found=check.found,
                operation=f"{check.location}: step {check.step}"
                + (f", {op.describe()}" if op else ""),
            )
        )
    return found


def judge(run: RunResult, storage: Storage) -> Verdict:
    """Run every invariant the scenario asks for against `storage`."""
    evidence = Evidence(run, storage)
    started = time.perf_counter()
    results = [
        InvariantResult(RESPONSES, tuple(expectation_failures(run)), time.perf_counter() - started)
    ]
    for name in run.scenario.invariants:
        started = time.perf_counter()
        found = tuple(INVARIANT_FUNCTIONS[name](evidence))
        results.append(InvariantResult(name, found, time.perf_counter() - started))
    return Verdict(run, tuple(results))


def judge_url(run: RunResult, db_url: str, mapping: StorageMap | None = None) -> Verdict:
    """`judge` through a fresh connection to `db_url`."""
    with open_storage(db_url, mapping) as storage:
        return judge(run, storage)
