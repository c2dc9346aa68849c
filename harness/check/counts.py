"""Invariants on counts: the count the API reported is the stored one, and the final state is right.

`count_matches` catches a backend that answers with one number and stores
another; `final_state` checks the status and message count the scenario
expects at the end.
"""

from __future__ import annotations

from harness.check.evidence import Evidence, InvariantFailure
from harness.run.history import Operation

_COUNTS = """SELECT t.{id}::text AS interview_id, jsonb_array_length(t.{json}::jsonb) AS stored
FROM {table} AS t WHERE t.{id}::text = ANY(%(ids)s)"""


def count_matches(ev: Evidence) -> list[InvariantFailure]:
    """The message_count the API reported matches the list it returned and the stored one."""
    text, rows = ev.storage.query(_COUNTS, {"ids": ev.ids()})
    stored = {r["interview_id"]: r["stored"] for r in rows}
    failures = []
    for record in ev.run.interviews:
        if record.id is None:
            continue
        have = stored.get(record.id)
        if record.final_count is not None and record.final_count != have:
            failures.append(
                InvariantFailure(
                    "count_matches",
                    record.number,
                    record.id,
                    expected=f"the final read's message_count ({record.final_count}) stored",
                    found=f"{have} messages stored",
                    operation="the final GET of the interview",
                    sql=text,
                    rows=({"interview_id": record.id, "stored": have},),
                )
            )
        for op in ev.run.history:
            listed = _listed(op) if op.interview == record.number else None
            if listed is not None and listed[0] != listed[1]:
                failures.append(
                    InvariantFailure(
                        "count_matches",
                        record.number,
                        record.id,
                        expected=f"message_count equal to the {listed[1]} messages in the response",
                        found=f"message_count {listed[0]} ({have} stored)",
                        operation=op.describe(),
                        sql=text,
                        rows=({"interview_id": record.id, "stored": have},),
                    )
                )
                break
    return failures


_FINAL = """SELECT t.{id}::text AS interview_id, {status_expr} AS status,
       jsonb_array_length(t.{json}::jsonb) AS message_count
FROM {table} AS t WHERE t.{id}::text = ANY(%(ids)s)"""


def final_state(ev: Evidence) -> list[InvariantFailure]:
    """Each interview ends with the status and message count the scenario expects."""
    final = ev.run.scenario.final
    status_expr = "t.{status}::text" if ev.storage.has_status else "NULL::text"
    text, rows = ev.storage.query(_FINAL.replace("{status_expr}", status_expr), {"ids": ev.ids()})
    stored = {r["interview_id"]: r for r in rows}
    failures = []
    for record in ev.run.interviews:
        row = stored.get(record.id or "")
        if record.id is None or row is None:
            failures.append(
                InvariantFailure(
                    "final_state",
                    record.number,
                    record.id,
                    "the interview stored",
                    f"no row ({record.aborted or 'missing'})",
                    sql=text,
                )
            )
            continue
        wrong = []
        if final.status is not None and ev.storage.has_status and row["status"] != final.status:
            wrong.append(f"status {row['status']}")
        if final.message_count is not None and row["message_count"] != final.message_count:
            wrong.append(f"{row['message_count']} messages")
        if wrong:
            want = [f"status {final.status}"] if final.status else []
            want += [f"{final.message_count} messages"] if final.message_count is not None else []
            failures.append(
                InvariantFailure(
                    "final_state",
                    record.number,
                    record.id,
                    ", ".join(want),
                    ", ".join(wrong),
                    sql=text,
                    rows=(dict(row),),
                )
            )
    return failures


def _listed(op: Operation) -> tuple[int, int] | None:
    body = op.body
    if op.outcome != "ok" or not isinstance(body, dict) or "message_count" not in body:
        return None
    data = body.get("conversation_data")
    return (body["message_count"], len(data)) if isinstance(data, list) else None
