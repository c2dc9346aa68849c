"""A whole interview, sync and async, over ASGI and real HTTP, checked in PostgreSQL."""

from __future__ import annotations

from conversation_checks import answers, prefix_problems, question_plan
from factories import DESCRIPTION, TITLE, answer_text, make_started_interview, wait_for_job

AI_FOLLOWUPS = 3
TOTAL_ANSWERS = len(question_plan(AI_FOLLOWUPS))


async def test_sync_interview_stores_every_message_once(client, stored):
    interview = await make_started_interview(client, ai_followups=AI_FOLLOWUPS)
    asked = [interview["question"]]
    for position in range(1, TOTAL_ANSWERS + 1):
        response = await client.post(
            f"/interviews/{interview['id']}/send-message", json={"content": answer_text(position)}
        )
        assert response.status_code == 200, response.text
        asked.append(response.json()["question"])

    assert_complete(stored(interview["id"]), asked)


async def test_async_interview_stores_every_message_once(client, stored):
    interview = await make_started_interview(client, ai_followups=AI_FOLLOWUPS)
    asked = [interview["question"]]
    for position in range(1, TOTAL_ANSWERS + 1):
        response = await client.post(
            f"/interviews/{interview['id']}/send-message-async",
            json={"content": answer_text(position)},
        )
        assert response.status_code == 202, response.text
        job = await wait_for_job(client, response.json()["job_id"])
        assert job["status"] == "succeeded", job
        asked.append(job["question"])

    assert_complete(stored(interview["id"]), asked)


def assert_complete(row, asked):
    """The stored interview is the whole 18 + N flow, and each question asked is stored once."""
    messages = row["conversation_data"]
    assert row["status"] == "completed"
    assert len(messages) == 2 * TOTAL_ANSWERS
    assert (
        prefix_problems(messages, title=TITLE, description=DESCRIPTION, ai_followups=AI_FOLLOWUPS)
        == []
    )
    assert answers(messages) == [answer_text(p) for p in range(1, TOTAL_ANSWERS + 1)]
    assert asked[:-1] == messages[0::2]
    assert asked[-1] is None
