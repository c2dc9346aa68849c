"""Deliberately broken backends: the reference app with one persistence bug each.

Two kinds: an ASGI wrapper that lies on the wire (acknowledges a message it
never stored, stores one twice, reports a wrong count), and patches of the
reference services that break the logic itself (skip a question, accept an
answer with no question pending, never finish an async job, finish early).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


async def _call(app: Any, scope: Scope, body: bytes) -> tuple[int, list[Any], bytes]:
    """Call `app` with a fixed request body; return status, headers and the whole response."""
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    status, headers, chunks = 500, [], []

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, headers, b"".join(chunks)


async def _reply(send: Send, status: int, payload: Any) -> None:
    data = json.dumps(payload).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


async def _read_body(receive: Receive) -> bytes:
    body, more = b"", True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    return body


class WireFault:
    """Wraps an ASGI app; `fault` is drop_manual, duplicate_manual, unknown_outcome or count."""

    def __init__(self, app: Any, fault: str) -> None:
        self.app = app
        self.fault = fault
        self.state = app.state  # so `shutdown(app)` of the wrapped app can be reached

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        manual = scope["method"] == "POST" and scope["path"].endswith("/messages")
        body = await _read_body(receive)
        if manual and self.fault == "drop_manual":
            # acknowledge, store nothing
            await _reply(send, 201, {"id": "x", "status": "in_progress", "message_count": 0,
                                     "conversation_data": [], "question": None})
            return
        if manual and self.fault in ("duplicate_manual", "unknown_outcome"):
            status, _headers, first = await _call(self.app, scope, body)
            await _call(self.app, scope, body)  # a retry inside the backend, stored again
            if self.fault == "unknown_outcome":
                await _reply(send, 503, {"detail": "Upstream timed out"})
            else:
                await _reply(send, status, json.loads(first))
            return
        status, _headers, raw = await _call(self.app, scope, body)
        payload = json.loads(raw) if raw else None
        if self.fault == "count" and isinstance(payload, dict) and "message_count" in payload:
            payload["message_count"] += 1
        await _reply(send, status, payload)


def patch_skip_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """After question 4 the backend asks question 6."""
    from reference_app.questions import NextQuestion, next_question
    from reference_app.services import interviews

    def skipping(answered: int, ai_followups: int) -> NextQuestion | None:
        upcoming = next_question(answered, ai_followups)
        if upcoming is not None and upcoming.kind == "fixed" and upcoming.index >= 5:
            return next_question(answered + 1, ai_followups)
        return upcoming

    monkeypatch.setattr(interviews, "next_question", skipping)


def patch_finish_early(monkeypatch: pytest.MonkeyPatch) -> None:
    """The interview completes after ten answers."""
    from reference_app.questions import next_question
    from reference_app.services import interviews

    monkeypatch.setattr(interviews, "next_question",
                        lambda answered, n: None if answered >= 10 else next_question(answered, n))


def patch_no_state_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer is accepted even when no question is pending (it answers the last one)."""
    from reference_app.services import interviews

    def lenient(interview: Any) -> Any:
        asked = [m for m in interview.conversation_data
                 if m["kind"] != "manual" and m["role"] == "assistant"]
        return asked[-1]

    monkeypatch.setattr(interviews, "_pending_question", lenient)


def patch_stalled_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Async jobs are spawned but never append their follow-up."""
    from reference_app.services import interviews

    async def never(*_args: Any, **_kwargs: Any) -> None:
        return None

    monkeypatch.setattr(interviews, "run_followup_job", never)
