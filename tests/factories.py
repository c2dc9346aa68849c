"""Data builders for the reference app's tests."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

TITLE = "Tidewater ledger"
DESCRIPTION = "A shared ledger for harbour co-ops that reconciles catch and fuel costs"


def interview_payload(**overrides: Any) -> dict[str, Any]:
    """Body of `POST /interviews`; small `ai_followups` keeps full flows short."""
    return {
        "project_title": TITLE,
        "project_description": DESCRIPTION,
        "ai_followups": 2,
        **overrides,
    }


def answer_text(position: int) -> str:
    """A distinct answer for the `position`-th (1-based) answer of an interview."""
    return f"Answer number {position}"


async def make_interview(client: httpx.AsyncClient, **overrides: Any) -> dict[str, Any]:
    """Create an interview through the API; returns the 201 body."""
    response = await client.post("/interviews", json=interview_payload(**overrides))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def make_started_interview(client: httpx.AsyncClient, **overrides: Any) -> dict[str, Any]:
    """Create and start an interview; returns the start body (Q1 pending)."""
    interview = await make_interview(client, **overrides)
    response = await client.post(f"/interviews/{interview['id']}/start")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def answer_sync(client: httpx.AsyncClient, interview_id: str, count: int) -> None:
    """Answer `count` pending questions with `send-message`."""
    for position in range(1, count + 1):
        response = await client.post(
            f"/interviews/{interview_id}/send-message", json={"content": answer_text(position)}
        )
        assert response.status_code == 200, response.text


async def wait_for_job(
    client: httpx.AsyncClient, job_id: str, deadline: float = 10.0
) -> dict[str, Any]:
    """Poll `GET /jobs/{id}` until the job has finished or `deadline` seconds have passed."""
    give_up = time.monotonic() + deadline
    while True:
        response = await client.get(f"/jobs/{job_id}")
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        if job["status"] in ("succeeded", "failed") or time.monotonic() > give_up:
            return job
        await asyncio.sleep(0.01)


# Requests shared by the error-path and validation tests.
ANSWER = {"content": "An answer"}
JSON_HEADERS = {"content-type": "application/json"}
SENDS = ["send-message", "send-message-async"]

CALLS_ON_AN_INTERVIEW = [
    pytest.param("POST", "start", None, id="start"),
    pytest.param("POST", "send-message", ANSWER, id="send-message"),
    pytest.param("POST", "send-message-async", ANSWER, id="send-message-async"),
    pytest.param("POST", "messages", {"role": "user", "content": "hi"}, id="messages"),
    pytest.param("GET", "", None, id="read"),
]
