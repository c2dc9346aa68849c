"""404 and 409 paths of the API: the status, the detail, and that nothing was stored."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

import pytest
from factories import (
    ANSWER,
    CALLS_ON_AN_INTERVIEW,
    SENDS,
    answer_sync,
    make_interview,
    make_started_interview,
    wait_for_job,
)

from reference_app.followups import DeterministicFollowUps

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _path(interview_id: str, action: str) -> str:
    return f"/interviews/{interview_id}/{action}".rstrip("/")


@pytest.mark.parametrize(("method", "action", "json"), CALLS_ON_AN_INTERVIEW)
async def test_unknown_interview_is_not_found(client, query, method, action, json):
    response = await client.request(method, _path(UNKNOWN, action), json=json)

    assert response.status_code == 404
    assert response.json() == {"detail": "Interview not found"}
    assert query("SELECT count(*) FROM interviews") == [(0,)]
    assert query("SELECT count(*) FROM jobs") == [(0,)]


async def test_unknown_job_is_not_found(client):
    response = await client.get(f"/jobs/{UNKNOWN}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Job not found"}


async def test_starting_twice_is_rejected(client, stored):
    interview = await make_started_interview(client)

    response = await client.post(f"/interviews/{interview['id']}/start")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Interview already started (status=in_progress, message_count=1)"
    }
    assert len(stored(interview["id"])["conversation_data"]) == 1


@pytest.mark.parametrize("send", SENDS)
async def test_answer_before_start_is_rejected(client, stored, query, send):
    interview = await make_interview(client)

    response = await client.post(f"/interviews/{interview['id']}/{send}", json=ANSWER)

    assert response.status_code == 409
    assert response.json() == {"detail": "Interview not started (status=created, message_count=0)"}
    assert stored(interview["id"]) == {"conversation_data": [], "status": "created"}
    assert query("SELECT count(*) FROM jobs") == [(0,)]


@pytest.mark.parametrize("send", SENDS)
async def test_answer_after_completion_is_rejected(client, stored, query, send):
    interview = await make_started_interview(client, ai_followups=0)
    await answer_sync(client, interview["id"], 18)

    response = await client.post(f"/interviews/{interview['id']}/{send}", json=ANSWER)

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Interview already completed (status=completed, message_count=36)"
    }
    row = stored(interview["id"])
    assert (row["status"], len(row["conversation_data"])) == ("completed", 36)
    assert query("SELECT count(*) FROM jobs") == [(0,)]


class GatedFollowUps:
    """The default generator, held until the test opens the gate (works from any loop)."""

    def __init__(self) -> None:
        self.generating = threading.Event()
        self.gate = threading.Event()
        self._inner = DeterministicFollowUps()

    async def generate(self, *, conversation, index, total) -> str:
        self.generating.set()
        give_up = time.monotonic() + 10
        while not self.gate.is_set() and time.monotonic() < give_up:
            await asyncio.sleep(0.005)
        return await self._inner.generate(conversation=conversation, index=index, total=total)


async def _until(condition: Callable[[], bool], deadline: float = 10.0) -> None:
    give_up = time.monotonic() + deadline
    while not condition() and time.monotonic() < give_up:
        await asyncio.sleep(0.01)


async def test_answer_while_followup_is_generated_is_rejected(open_client, stored, query):
    # Deterministic: the generator holds the job at the gate, so the answer below is sent
    # while follow-up 1 is still being generated; it is never released before the answer has
    # either been answered or been seen waiting on a lock (which is the bug, not a wait).
    followups = GatedFollowUps()
    async with open_client(followups=followups) as client:
        interview = await make_started_interview(client, ai_followups=2)
        await answer_sync(client, interview["id"], 17)
        accepted = await client.post(
            f"/interviews/{interview['id']}/send-message-async", json={"content": "Q18 answer"}
        )
        assert accepted.status_code == 202
        assert await asyncio.to_thread(followups.generating.wait, 10)

        sending = asyncio.create_task(
            client.post(f"/interviews/{interview['id']}/send-message", json=ANSWER)
        )
        await _until(
            lambda: (
                sending.done()
                or query(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )[0][0]
                > 0
            )
        )
        followups.gate.set()
        response = await sending
        job = await wait_for_job(client, accepted.json()["job_id"])

    assert response.status_code == 409
    assert response.json() == {"detail": "Unexpected interview state (message_count=36)"}
    assert job["status"] == "succeeded"
    messages = stored(interview["id"])["conversation_data"]
    assert (len(messages), messages[-1]["kind"]) == (37, "ai")
