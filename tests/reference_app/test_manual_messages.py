"""Manual messages: stored in any state, outside the question/answer alternation."""

from __future__ import annotations

from factories import make_interview, make_started_interview


async def test_manual_message_is_stored_before_start(client, stored):
    interview = await make_interview(client)

    response = await client.post(
        f"/interviews/{interview['id']}/messages", json={"role": "assistant", "content": "Hello"}
    )

    assert response.status_code == 201
    assert response.json()["message_count"] == 1
    [message] = stored(interview["id"])["conversation_data"]
    assert (message["seq"], message["role"], message["kind"], message["question_index"]) == (
        1,
        "assistant",
        "manual",
        None,
    )


async def test_manual_message_does_not_answer_the_pending_question(client, stored):
    interview = await make_started_interview(client)
    await client.post(
        f"/interviews/{interview['id']}/messages", json={"role": "user", "content": "Aside"}
    )

    response = await client.post(
        f"/interviews/{interview['id']}/send-message", json={"content": "Real answer"}
    )

    assert response.status_code == 200
    assert response.json()["question"]["question_index"] == 2
    messages = stored(interview["id"])["conversation_data"]
    assert [(m["seq"], m["kind"], m["question_index"]) for m in messages] == [
        (1, "fixed", 1),
        (2, "manual", None),
        (3, "fixed", 1),
        (4, "fixed", 2),
    ]
