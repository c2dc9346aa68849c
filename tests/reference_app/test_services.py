"""The pure parts of the services: which question comes next, and the deterministic AI."""

from __future__ import annotations

import pytest

from reference_app.followups import DeterministicFollowUps
from reference_app.questions import (
    FIXED_COUNT,
    FIXED_QUESTIONS,
    NextQuestion,
    fixed_question,
    next_question,
)


def _conversation(*answers: str) -> list[dict[str, str]]:
    messages = []
    for number, answer in enumerate(answers, start=1):
        messages.append({"role": "assistant", "content": f"Question {number}?"})
        messages.append({"role": "user", "content": answer})
    return messages


def test_there_are_eighteen_distinct_fixed_questions():
    assert FIXED_COUNT == 18
    assert len(set(FIXED_QUESTIONS)) == 18


@pytest.mark.parametrize(
    ("answered", "ai_followups", "expected"),
    [
        pytest.param(0, 3, NextQuestion("fixed", 1), id="first"),
        pytest.param(17, 3, NextQuestion("fixed", 18), id="last-fixed"),
        pytest.param(18, 3, NextQuestion("ai", 1), id="first-ai"),
        pytest.param(20, 3, NextQuestion("ai", 3), id="last-ai"),
        pytest.param(21, 3, None, id="complete"),
        pytest.param(18, 0, None, id="complete-without-ai"),
    ],
)
def test_next_question_follows_fixed_then_ai_then_completes(answered, ai_followups, expected):
    assert next_question(answered, ai_followups) == expected


def test_first_question_names_the_project_title():
    assert "Tidewater" in fixed_question(1, title="Tidewater", description="ledgers")


def test_second_question_quotes_the_project_description():
    assert "ledgers for co-ops" in fixed_question(2, title="T", description="ledgers for co-ops")


def test_later_fixed_questions_do_not_depend_on_the_project():
    assert fixed_question(3, title="A", description="B") == fixed_question(
        3, title="C", description="D"
    )


async def test_followup_for_the_same_conversation_is_the_same():
    ai = DeterministicFollowUps()
    conversation = _conversation("Fishers", "By hand")

    first = await ai.generate(conversation=conversation, index=2, total=5)
    again = await DeterministicFollowUps().generate(conversation=conversation, index=2, total=5)

    assert first == again


async def test_followup_for_a_different_conversation_differs():
    ai = DeterministicFollowUps()

    one = await ai.generate(conversation=_conversation("Fishers", "By hand"), index=1, total=3)
    other = await ai.generate(conversation=_conversation("Fishers", "In Excel"), index=1, total=3)

    assert one != other


async def test_followup_depends_on_earlier_answers_too():
    ai = DeterministicFollowUps()
    texts = {
        await ai.generate(conversation=_conversation(f"Group {n}", "By hand"), index=1, total=3)
        for n in range(10)
    }

    assert len(texts) > 1


async def test_followup_starts_with_its_position_and_quotes_the_last_answer():
    text = await DeterministicFollowUps().generate(
        conversation=_conversation("Fishers", "By hand"), index=2, total=5
    )

    assert text.startswith("Follow-up 2 of 5: ")
    assert "“By hand”" in text


async def test_followup_shortens_a_long_answer_to_eighty_characters():
    long_answer = "word " * 40
    text = await DeterministicFollowUps().generate(
        conversation=_conversation(long_answer), index=1, total=1
    )

    assert f"“{long_answer[:77]}...”" in text
