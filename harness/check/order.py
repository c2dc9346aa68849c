"""Invariants on the order of the stored conversation: roles alternate, questions run in order.

Manual messages are left out: they may sit anywhere. What remains must read
assistant, user, assistant, ... with questions fixed 1..18 then ai 1..N.
"""

from __future__ import annotations

from harness.check.evidence import Evidence, InvariantFailure, clip, per_interview
from harness.check.storage import MESSAGES

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
    return per_interview(
        ev,
        "roles_alternate",
        text,
        rows,
        lambda r: (
            "assistant first, then user and assistant alternating",
            f"message {r['seq']} is {r['role']} after "
            f"{r['previous_role'] or 'nothing'}: {clip(r['content'])!r}",
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
    return per_interview(
        ev,
        "question_order",
        text,
        rows,
        lambda r: (
            f"message {r['seq']} ({r['role']}) to be {r['expected_kind'] or 'within'} "
            f"{r['expected_index'] or f'18 + {followups} questions'}",
            f"{r['kind']} {r['question_index']}: {clip(r['content'])!r}",
        ),
    )
