"""A played copy as plain data, and the copies of a scenario put back together as one `RunResult`.

Copies are played in other processes, perhaps on other machines: each one
travels to the Locust master (msgpack) and on to persistguard (JSON) as
plain dicts and lists. Each copy kept its own history, with its own
operation numbers and its own clock, so `assemble` merges them: operations
are renumbered in the order they were invoked (by wall clock), and the
links between them (a wait's `ref`, a check's `op`) follow the new numbers.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, replace
from typing import Any

from harness.run.expectations import Check
from harness.run.history import Append, History, Operation
from harness.run.result import InterviewRecord, RunResult
from harness.scenario.model import Location, Scenario

#: `aborted` of a copy that no Locust user played before the run ended.
NOT_PLAYED = "not played: the Locust run ended before a user took this copy"


def wall_origin(history: History) -> float:
    """The wall-clock time (`time.time()`) at which `history`'s clock read zero."""
    return time.time() - history.now()


def encode_copy(
    record: InterviewRecord,
    operations: Iterable[Operation],
    checks: Iterable[Check],
    origin: float,
) -> dict[str, Any]:
    """One played copy as msgpack- and JSON-safe data; `origin` is its history's wall clock."""
    return {
        "origin": origin,
        "record": asdict(record),
        "operations": [asdict(op) for op in operations],
        "checks": [asdict(check) for check in checks],
    }


def _operation(data: Mapping[str, Any]) -> Operation:
    fields = dict(data)
    append = fields.pop("append", None)
    return Operation(**fields, append=Append(**append) if append else None)


def _check(data: Mapping[str, Any]) -> Check:
    fields = dict(data)
    return Check(**{**fields, "location": Location(**fields["location"])})


def assemble(scenario: Scenario, copies: Iterable[Mapping[str, Any]], target: str) -> RunResult:
    """The scenario's copies as one run, as if one runner had played them side by side.

    A copy that never arrived is kept as an interview with no id and the reason,
    so `final_state` reports it rather than the run looking smaller than asked.
    """
    played = sorted(copies, key=lambda c: int(c["record"]["number"]))
    timed: list[tuple[float, int, Operation]] = []
    for copy in played:
        number = int(copy["record"]["number"])
        for data in copy["operations"]:
            op = _operation(data)
            timed.append((float(copy["origin"]) + op.invoked_at, number, op))
    timed.sort(key=lambda item: (item[0], item[1], item[2].index))
    start = timed[0][0] if timed else 0.0
    index = {(number, op.index): new for new, (_, number, op) in enumerate(timed)}
    turns: dict[tuple[int, int], int] = {}
    for _, number, op in timed:  # a turn (a burst shares one) is numbered by when it began
        turns.setdefault((number, op.turn), len(turns))
    history = []
    for new, (at, number, op) in enumerate(timed):
        shift = at - op.invoked_at - start
        history.append(
            replace(
                op,
                index=new,
                invoked_at=at - start,
                completed_at=op.completed_at + shift if op.completed_at is not None else None,
                ref=index.get((number, op.ref)) if op.ref is not None else None,
                turn=turns[(number, op.turn)],
            )
        )
    checks = []
    for copy in played:
        number = int(copy["record"]["number"])
        for data in copy["checks"]:
            check = _check(data)
            moved = index.get((number, check.op)) if check.op is not None else None
            checks.append(replace(check, op=moved))
    records = {int(c["record"]["number"]): InterviewRecord(**c["record"]) for c in played}
    for number in range(1, scenario.load.interviews + 1):
        records.setdefault(
            number,
            InterviewRecord(number, None, scenario.interview.ai_followups, aborted=NOT_PLAYED),
        )
    ends = [op.completed_at for op in history if op.completed_at is not None]
    return RunResult(
        scenario=scenario,
        target=target,
        history=tuple(history),
        interviews=tuple(records[n] for n in sorted(records)),
        checks=tuple(checks),
        elapsed=max(ends, default=0.0),
        order=tuple(number for number, _ in turns),
    )
