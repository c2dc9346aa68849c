"""The invariant on async sends: every accepted one is followed by its question, in time.

The runner's `wait` operations say whether each job finished before its
deadline; storage says whether the question really follows the answer.
"""

from __future__ import annotations

from harness.check.evidence import Evidence, InvariantFailure
from harness.check.storage import MESSAGES
from harness.run.history import Operation

_FOLLOWUPS = f"""SELECT interview_id, seq, role, content, next_role FROM (
  SELECT interview_id, seq, role, content,
         lead(role) OVER (PARTITION BY interview_id ORDER BY seq) AS next_role
  FROM ({MESSAGES}) AS messages WHERE coalesce(kind, '') <> 'manual') AS asked
WHERE role = 'user' ORDER BY interview_id, seq"""


def followups_on_time(ev: Evidence) -> list[InvariantFailure]:
    """Every accepted async send was seen through by its job, in time, and the question stored."""
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
        row = followed.get((interview_id, op.append.content if op.append else ""))
        stored_ok = row is not None and (
            row["next_role"] == "assistant"
            or (row["next_role"] is None and finals.get(interview_id) == "completed")
        )
        if wait is not None and wait.outcome == "ok" and stored_ok:
            continue
        if wait is None or wait.outcome != "ok":
            found = wait.error or "the job failed" if wait is not None else "never awaited"
        else:
            found = "the job succeeded but no question follows the answer in storage"
        deadline = wait.deadline if wait is not None else ev.run.scenario.deadline
        failures.append(
            InvariantFailure(
                "followups_on_time",
                op.interview,
                interview_id,
                expected=f"a follow-up question within {deadline}s",
                found=str(found),
                operation=op.describe(),
                sql=text,
                rows=(dict(row),) if row is not None else (),
            )
        )
    return failures
