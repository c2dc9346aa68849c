"""50 concurrent submissions of one answer: exactly the acknowledged ones are stored, once."""

from __future__ import annotations

import asyncio
from collections import Counter

from conversation_checks import answers, prefix_problems, question_plan
from factories import DESCRIPTION, TITLE, make_started_interview

CONCURRENT = 50
AI_FOLLOWUPS = 10  # 28 questions: the first 28 answers are accepted, the rest find it completed
QUESTIONS = len(question_plan(AI_FOLLOWUPS))


async def _submit_all(client):
    interview = await make_started_interview(client, ai_followups=AI_FOLLOWUPS)
    url = f"/interviews/{interview['id']}/send-message"
    responses = await asyncio.gather(
        *(client.post(url, json={"content": "Same answer"}) for _ in range(CONCURRENT))
    )
    return interview, responses


async def test_concurrent_answers_store_exactly_the_acknowledged_ones(client, stored):
    interview, responses = await _submit_all(client)

    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {200, 409}, statuses
    messages = stored(interview["id"])["conversation_data"]
    assert len(answers(messages)) == statuses[200]
    assert (
        prefix_problems(messages, title=TITLE, description=DESCRIPTION, ai_followups=AI_FOLLOWUPS)
        == []
    )


async def test_each_acknowledged_question_is_stored_exactly_once(client, stored):
    interview, responses = await _submit_all(client)

    acknowledged = [r.json() for r in responses if r.status_code == 200]
    messages = stored(interview["id"])["conversation_data"]
    asked = [body["question"] for body in acknowledged if body["question"] is not None]
    assert asked, "no answer was acknowledged"
    assert all(messages.count(question) == 1 for question in asked)
    assert all(
        body["conversation_data"] == messages[: body["message_count"]] for body in acknowledged
    )


async def test_concurrent_answers_past_the_end_are_rejected_without_writing(client, stored):
    interview, responses = await _submit_all(client)

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: QUESTIONS, 409: CONCURRENT - QUESTIONS}
    rejected = {r.json()["detail"] for r in responses if r.status_code == 409}
    assert rejected == {
        f"Interview already completed (status=completed, message_count={2 * QUESTIONS})"
    }
    row = stored(interview["id"])
    assert (row["status"], len(row["conversation_data"])) == ("completed", 2 * QUESTIONS)
