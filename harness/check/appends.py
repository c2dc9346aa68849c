"""Invariants on appends: each acknowledged message stored once, an unknown outcome at most once.

Both compare the history (what each operation asked to add and how it ended)
with the stored messages grouped by (interview, role, manual, content).
Attempts that share an Idempotency-Key are one logical append.
"""

from __future__ import annotations

from collections import Counter

from harness.check.evidence import Evidence, InvariantFailure
from harness.check.storage import MESSAGES

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


def _first_op(ev: Evidence, interview_id: str, content: str) -> str | None:
    for op in ev.run.history:
        if op.interview_id == interview_id and op.append and op.append.content == content:
            return op.describe()
    return None
