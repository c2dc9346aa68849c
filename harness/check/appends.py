"""The invariants: what PostgreSQL must hold after a run, given the history.

Each invariant is a function `(Evidence) -> list[InvariantFailure]`. It runs
its own SQL through a separate connection (never the app), so a failure can
show the invariant's name, the SQL and the first rows that broke it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from harness.check.storage import MESSAGES, Storage, ids_param
from harness.run.history import Operation
from harness.run.runner import RunResult

MAX_ROWS = 5


@dataclass(frozen=True)
class InvariantFailure:
    """One violation, in plain language, with the evidence."""

    invariant: str
    interview: int
    interview_id: str | None
    expected: str
    found: str
    operation: str | None = None
    sql: str = ""
    rows: tuple[dict[str, Any], ...] = ()

    def describe(self) -> str:
        """Several lines: what broke, where, the SQL and the offending rows."""
        lines = [f"[{self.invariant}] interview {self.interview} ({self.interview_id})"]
        if self.operation:
            lines.append(f"  operation: {self.operation}")
        label = "found:   " if self.invariant == "responses_as_expected" else "stored:  "
        lines += [f"  expected: {self.expected}", f"  {label} {self.found}"]
        if self.sql:
            lines.append("  SQL: " + " ".join(self.sql.split()))
        for row in self.rows[:MAX_ROWS]:
            lines.append(f"  row: {row}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Evidence:
    """What every invariant may look at: the run and the database."""

    run: RunResult
    storage: Storage

    def numbers(self) -> dict[str, int]:
        """Interview id -> copy number."""
        return {r.id: r.number for r in self.run.interviews if r.id is not None}

    def ids(self) -> list[str]:
        return ids_param([r.id for r in self.run.interviews])


Invariant = Callable[[Evidence], list[InvariantFailure]]

_APPENDS = f"""SELECT interview_id, role, (kind = 'manual') AS manual, content, count(*) AS stored
FROM ({MESSAGES}) AS messages GROUP BY 1, 2, 3, 4"""


def _appends(
    ev: Evidence,
) -> tuple[
    str, dict[tuple[str, str, bool, str], int], dict[tuple[str, str, bool, str], Counter[str]]
]:
    """Stored counts per (interview, role, manual, content), and the history's outcomes."""
    text, rows = ev.storage.query(_APPENDS, {"ids": ev.ids()})
    stored = {
        (r["interview_id"], r["role"], bool(r["manual"]), r["content"]): r["stored"] for r in rows
    }
    outcomes: dict[tuple[str, str, bool, str], Counter[str]] = {}
    seen_keys: set[tuple[str, str]] = set()
    for op in ev.run.history:
        if op.append is None or op.interview_id is None or op.outcome is None:
            continue
        if op.append.key is not None:  # attempts with one Idempotency-Key are one append
            group = (op.interview_id, op.append.key)
            if op.outcome == "ok" and group in seen_keys:
                continue
            if op.outcome == "ok":
                seen_keys.add(group)
        a = op.append
        key = (op.interview_id, a.role, a.kind == "manual", a.content)
        outcomes.setdefault(key, Counter())[op.outcome] += 1
    return text, stored, outcomes


def acknowledged_stored_once(ev: Evidence) -> list[InvariantFailure]:
    """Every acknowledged message is stored, and stored once; a refused one is not stored."""
    text, stored, outcomes = _appends(ev)
    numbers = ev.numbers()
    failures = []
    for key, seen in outcomes.items():
        interview_id, role, manual, content = key
        have = stored.get(key, 0)
        ok, info, fail = seen["ok"], seen["info"], seen["fail"]
        if have < ok:
            found = f"{have} cop{'y' if have == 1 else 'ies'}: the message was lost"
        elif info == 0 and have > ok:
            why = " (a refused request was stored anyway)" if fail else ""
            found = f"{have} copies{why}"
        else:
            continue
        op = _first_op(ev, interview_id, content)
        failures.append(
            InvariantFailure(
                "acknowledged_stored_once",
                numbers.get(interview_id, 0),
                interview_id,
                expected=f"{ok} stored {role} message(s) {content!r} ({ok} acknowledged"
                f"{f', {fail} refused' if fail else ''})",
                found=found,
                operation=op,
                sql=text,
                rows=(
                    {
                        "interview_id": interview_id,
                        "role": role,
                        "manual": manual,
                        "content": content,
                        "stored": have,
                    },
                ),
            )
        )
    return failures


def info_at_most_once(ev: Evidence) -> list[InvariantFailure]:
    """An operation whose outcome is unknown may have happened, but never twice."""
    text, stored, outcomes = _appends(ev)
    numbers = ev.numbers()
    failures = []
    for key, seen in outcomes.items():
        if not seen["info"]:
            continue
        interview_id, role, _manual, content = key
        have = stored.get(key, 0)
        if have > seen["ok"] + seen["info"]:
            failures.append(
                InvariantFailure(
                    "info_at_most_once",
                    numbers.get(interview_id, 0),
                    interview_id,
                    expected=f"at most {seen['ok'] + seen['info']} stored {role} message(s) "
                    f"{content!r} ({seen['ok']} ok, {seen['info']} unknown outcome)",
                    found=f"{have} copies",
                    operation=_first_op(ev, interview_id, content),
                    sql=text,
                    rows=({"interview_id": interview_id, "content": content, "stored": have},),
                )
            )
    return failures


_ROLES = f"""SELECT interview_id, seq, role, previous_role, content FROM (
  SELECT interview_id, seq, role, content,
         lag(role) OVER (PARTITION BY interview_id ORDER BY seq) AS previous_role,
         row_number() OVER (PARTITION BY interview_id ORDER BY seq) AS position
  FROM ({MESSAGES}) AS messages WHERE coalesce(kind, '') <> 'manual') AS asked
WHERE (position = 1 AND role <> 'assistant') OR role = previous_role
ORDER BY interview_id, seq"""


def roles_alternate(ev: Evidence) -> list[InvariantFailure]:
    """Ignoring manual messages: assistant first, then user and assistant in turn."""
    text, rows = ev.storage.query(_ROLES, {"ids": ev.ids()})
    return _per_interview(
        ev,
        "roles_alternate",
        text,
        rows,
        lambda r: (
            "assistant first, then user and assistant alternating",
            f"message {r['seq']} is {r['role']} after "
            f"{r['previous_role'] or 'nothing'}: {_clip(r['content'])!r}",
        ),
    )


_ORDER = f"""SELECT interview_id, seq, role, kind, question_index, expected_kind,
       expected_index, content FROM (
  SELECT interview_id, seq, role, kind, question_index::int AS question_index, content,
         CASE WHEN role = 'assistant' THEN CASE WHEN asked <= 18 THEN 'fixed' ELSE 'ai' END
              ELSE previous_kind END AS expected_kind,
         CASE WHEN role = 'assistant' THEN CASE WHEN asked <= 18 THEN asked ELSE asked - 18 END
              ELSE previous_index END AS expected_index,
         asked
  FROM (SELECT *, count(*) FILTER (WHERE role = 'assistant')
                    OVER (PARTITION BY interview_id ORDER BY seq) AS asked,
               lag(kind) OVER (PARTITION BY interview_id ORDER BY seq) AS previous_kind,
               lag(question_index::int) OVER (PARTITION BY interview_id ORDER BY seq)
                 AS previous_index
        FROM ({MESSAGES}) AS messages WHERE coalesce(kind, '') <> 'manual') AS asked) AS checked
WHERE kind IS DISTINCT FROM expected_kind OR question_index IS DISTINCT FROM expected_index
   OR asked > 18 + %(followups)s
ORDER BY interview_id, seq"""


def question_order(ev: Evidence) -> list[InvariantFailure]:
    """Questions run fixed 1..18 then ai 1..N; each answer carries its question's kind and index."""
    followups = ev.run.scenario.interview.ai_followups
    text, rows = ev.storage.query(_ORDER, {"ids": ev.ids(), "followups": followups})
    return _per_interview(
        ev,
        "question_order",
        text,
        rows,
        lambda r: (
            f"message {r['seq']} ({r['role']}) to be {r['expected_kind'] or 'within'} "
            f"{r['expected_index'] or f'18 + {followups} questions'}",
            f"{r['kind']} {r['question_index']}: {_clip(r['content'])!r}",
        ),
    )


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


INVARIANT_FUNCTIONS: dict[str, Invariant] = {
    "acknowledged_stored_once": acknowledged_stored_once,
    "info_at_most_once": info_at_most_once,
    "roles_alternate": roles_alternate,
    "question_order": question_order,
    "count_matches": count_matches,
    "followups_on_time": followups_on_time,
    "final_state": final_state,
}


def _per_interview(
    ev: Evidence,
    name: str,
    text: str,
    rows: list[dict[str, Any]],
    explain: Callable[[dict[str, Any]], tuple[str, str]],
) -> list[InvariantFailure]:
    """One failure per interview, citing its first offending rows."""
    numbers = ev.numbers()
    by_id: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_id.setdefault(row["interview_id"], []).append(row)
    failures = []
    for interview_id, bad in by_id.items():
        expected, found = explain(bad[0])
        failures.append(
            InvariantFailure(
                name,
                numbers.get(interview_id, 0),
                interview_id,
                expected,
                found,
                sql=text,
                rows=tuple(bad[:MAX_ROWS]),
            )
        )
    return failures


def _first_op(ev: Evidence, interview_id: str, content: str) -> str | None:
    for op in ev.run.history:
        if op.interview_id == interview_id and op.append and op.append.content == content:
            return op.describe()
    return None


def _listed(op: Operation) -> tuple[int, int] | None:
    body = op.body
    if op.outcome != "ok" or not isinstance(body, dict) or "message_count" not in body:
        return None
    data = body.get("conversation_data")
    return (body["message_count"], len(data)) if isinstance(data, list) else None


def _clip(text: Any) -> str:
    value = "" if text is None else str(text)
    return value if len(value) <= 60 else value[:57] + "..."
