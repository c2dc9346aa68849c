"""The invariant on async sends: every accepted one is followed by its question, in time.

"In time" is judged from storage, as the invariant's name promises: the
follow-up's stored `created_at` against the acknowledged answer's. Neither
the job's own clock nor when this client looked can make a correct backend
late or a late one on time. A backend that stores no timestamps is judged by
the runner's `wait` operation instead (the job's `created_at` to
`finished_at`, else the client's clock).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from harness.check.evidence import Evidence, InvariantFailure
from harness.check.storage import MESSAGES
from harness.run.history import Operation

_FOLLOWUPS = f"""SELECT interview_id, seq, role, content, created_at, next_role, next_created_at
FROM (
  SELECT interview_id, seq, role, content, created_at,
         lead(role) OVER (PARTITION BY interview_id ORDER BY seq) AS next_role,
         lead(created_at) OVER (PARTITION BY interview_id ORDER BY seq) AS next_created_at
  FROM ({MESSAGES}) AS messages WHERE coalesce(kind, '') <> 'manual') AS asked
WHERE role = 'user' ORDER BY interview_id, seq"""


def followups_on_time(ev: Evidence) -> list[InvariantFailure]:
    """Every accepted async send has its question stored, within its deadline of the answer."""
    text, rows = ev.storage.query(_FOLLOWUPS, {"ids": ev.ids()})
    followed = {(r["interview_id"], r["content"]): r for r in rows}
    finals = {r.id: r.final_status for r in ev.run.interviews}
    waits = {op.ref: op for op in ev.run.history if op.f == "wait"}
    groups: dict[tuple[str, str], list[Operation]] = {}
    for op in ev.run.history:  # Idempotency-Key retries of one send form one group
        if op.f == "send_async" and op.outcome == "ok" and op.interview_id is not None:
            key = op.append.key if op.append and op.append.key else f"op{op.index}"
            groups.setdefault((op.interview_id, key), []).append(op)
    failures = []
    for (interview_id, _), sends in groups.items():
        op = sends[0]
        wait = next((waits[s.index] for s in sends if s.index in waits), None)
        deadline = wait.deadline if wait is not None else None
        deadline = deadline or ev.run.scenario.deadline
        row = followed.get((interview_id, op.append.content if op.append else ""))
        found = _problem(row, wait, deadline, finals.get(interview_id))
        if found is None:
            continue
        failures.append(
            InvariantFailure(
                "followups_on_time",
                op.interview,
                interview_id,
                expected=f"a follow-up question within {deadline}s of the acknowledged answer",
                found=found,
                operation=op.describe(),
                sql=text,
                rows=(dict(row),) if row is not None else (),
            )
        )
    return failures


def _problem(
    row: dict[str, Any] | None, wait: Operation | None, deadline: float, final: str | None
) -> str | None:
    """What is wrong with one accepted send's follow-up, or None."""
    if row is None or row["next_role"] is None:
        if row is not None and final == "completed":
            return None  # the last answer: nothing follows it
        if wait is not None and wait.outcome != "ok" and wait.error:
            return wait.error
        return "no question follows the answer in storage"
    if row["next_role"] != "assistant":
        return "the next stored message is not a question"
    took = _seconds_between(row["created_at"], row["next_created_at"])
    if took is None:  # no stored timestamps: the runner's wait is all there is
        if wait is None:
            return "never awaited"
        return None if wait.outcome == "ok" else str(wait.error or "the job failed")
    if took > deadline:
        return f"stored {took:.2f}s after the answer ({took - deadline:.2f}s late)"
    return None


def _seconds_between(start: Any, end: Any) -> float | None:
    try:
        first = datetime.fromisoformat(str(start))
        last = datetime.fromisoformat(str(end))
        return (last - first).total_seconds()
    except (TypeError, ValueError):
        return None
