"""An `Idempotency-Key` makes a retried send return the first response and store one answer."""

from __future__ import annotations

import asyncio

import pytest
from conversation_checks import answers
from factories import make_started_interview, wait_for_job

ANSWER = {"content": "We reconcile by hand every Sunday"}
KEY = {"Idempotency-Key": "retry-7f3a"}
SENDS = [
    pytest.param("send-message", 200, id="sync"),
    pytest.param("send-message-async", 202, id="async"),
]


async def _settle(client, send, response) -> None:
    """Wait for the follow-up job of an async send, so the stored state is final."""
    if send == "send-message-async":
        job = await wait_for_job(client, response.json()["job_id"])
        assert job["status"] == "succeeded", job


@pytest.mark.parametrize(("send", "status"), SENDS)
async def test_sequential_retry_returns_first_response_and_stores_one_answer(
    client, stored, query, send, status
):
    interview = await make_started_interview(client)
    url = f"/interviews/{interview['id']}/{send}"

    first = await client.post(url, json=ANSWER, headers=KEY)
    retry = await client.post(url, json=ANSWER, headers=KEY)
    await _settle(client, send, first)

    assert (first.status_code, retry.status_code) == (status, status)
    assert retry.json() == first.json()
    messages = stored(interview["id"])["conversation_data"]
    assert answers(messages) == [ANSWER["content"]]
    assert len(messages) == 3
    assert query("SELECT count(*) FROM idempotency_keys") == [(1,)]


@pytest.mark.parametrize(("send", "status"), SENDS)
async def test_concurrent_retries_return_one_response_and_store_one_answer(
    client, stored, query, send, status
):
    interview = await make_started_interview(client)
    url = f"/interviews/{interview['id']}/{send}"

    responses = await asyncio.gather(
        *(client.post(url, json=ANSWER, headers=KEY) for _ in range(5))
    )
    await _settle(client, send, responses[0])

    assert [r.status_code for r in responses] == [status] * 5
    assert all(r.json() == responses[0].json() for r in responses)
    messages = stored(interview["id"])["conversation_data"]
    assert answers(messages) == [ANSWER["content"]]
    assert len(messages) == 3
    assert query("SELECT count(*) FROM jobs") == [(1 if send == "send-message-async" else 0,)]


@pytest.mark.parametrize(("send", "status"), SENDS)
async def test_key_reused_with_a_different_body_is_rejected(client, stored, send, status):
    interview = await make_started_interview(client)
    url = f"/interviews/{interview['id']}/{send}"
    first = await client.post(url, json=ANSWER, headers=KEY)
    await _settle(client, send, first)

    response = await client.post(url, json={"content": "Something else"}, headers=KEY)

    assert first.status_code == status
    assert response.status_code == 422
    assert response.json() == {"detail": "Idempotency-Key reused with a different request"}
    assert answers(stored(interview["id"])["conversation_data"]) == [ANSWER["content"]]


async def test_key_reused_on_another_endpoint_is_rejected(client, stored):
    interview = await make_started_interview(client)
    first = await client.post(
        f"/interviews/{interview['id']}/send-message", json=ANSWER, headers=KEY
    )

    response = await client.post(
        f"/interviews/{interview['id']}/messages",
        json={"role": "user", "content": ANSWER["content"]},
        headers=KEY,
    )

    assert first.status_code == 200
    assert response.status_code == 422
    assert response.json() == {"detail": "Idempotency-Key reused with a different request"}
    assert len(stored(interview["id"])["conversation_data"]) == 3


async def test_same_key_on_another_interview_is_a_new_request(client, stored):
    one = await make_started_interview(client)
    other = await make_started_interview(client)
    await client.post(f"/interviews/{one['id']}/send-message", json=ANSWER, headers=KEY)

    response = await client.post(
        f"/interviews/{other['id']}/send-message", json=ANSWER, headers=KEY
    )

    assert response.status_code == 200
    assert response.json()["id"] == other["id"]
    assert answers(stored(other["id"])["conversation_data"]) == [ANSWER["content"]]
