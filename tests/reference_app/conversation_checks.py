"""Checks on a stored conversation, read from PostgreSQL: the invariants of the contract."""

from __future__ import annotations

from typing import Any

from reference_app.questions import FIXED_COUNT


def question_plan(ai_followups: int) -> list[tuple[str, int]]:
    """`(kind, question_index)` of every question, in order: fixed 1..18, then ai 1..N."""
    fixed = [("fixed", i) for i in range(1, FIXED_COUNT + 1)]
    return fixed + [("ai", i) for i in range(1, ai_followups + 1)]


def prefix_problems(
    messages: list[dict[str, Any]], *, title: str, description: str, ai_followups: int
) -> list[str]:
    """What keeps `messages` from being a valid prefix of the interview (empty when valid)."""
    problems: list[str] = []
    plan = question_plan(ai_followups)
    if len(messages) > 2 * len(plan):
        problems.append(f"{len(messages)} messages, at most {2 * len(plan)} expected")
    for position, message in enumerate(messages[: 2 * len(plan)]):
        kind, index = plan[position // 2]
        role = "assistant" if position % 2 == 0 else "user"
        expected = (position + 1, role, kind, index)
        got = (message["seq"], message["role"], message["kind"], message["question_index"])
        if got != expected:
            problems.append(f"message {position + 1}: expected {expected}, got {got}")
        if role == "assistant" and kind == "ai":
            prefix = f"Follow-up {index} of {ai_followups}:"
            if not message["content"].startswith(prefix):
                problems.append(f"message {position + 1} does not start with {prefix!r}")
    if messages and title not in messages[0]["content"]:
        problems.append(f"Q1 does not contain the title {title!r}")
    if len(messages) > 2 and description not in messages[2]["content"]:
        problems.append(f"Q2 does not contain the description {description!r}")
    return problems


def answers(messages: list[dict[str, Any]]) -> list[str]:
    """The contents of the user's answers, in order."""
    return [m["content"] for m in messages if m["role"] == "user"]
