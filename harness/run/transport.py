"""Send one request and record it in the history as invoke, then ok, fail or info.

Every step handler goes through `Transport.call`, so the mapping from an HTTP
exchange to an outcome lives in one place: 2xx is ok, 4xx fail (the backend
refused: it must have left no trace), 5xx, a timeout or a transport error
info (it may or may not have happened).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import httpx

from harness.run.history import Append, History, Operation, Outcome


@dataclass
class Response:
    """The completed operation and its decoded body (None for no response)."""

    op: Operation
    body: Any

    @property
    def ok(self) -> bool:
        return self.op.outcome == "ok"


class Transport:
    """Sends one request and records it in the history as invoke → ok/fail/info."""

    def __init__(self, client: httpx.AsyncClient, history: History, timeout: float) -> None:
        self.client = client
        self.history = history
        self.timeout = timeout

    async def call(
        self,
        *,
        interview: int,
        interview_id: str | None,
        step: int,
        action: str,
        f: str,
        method: str,
        path: str,
        json: Any = None,
        content: str | None = None,
        headers: dict[str, str] | None = None,
        append: Append | None = None,
        invoked: Operation | None = None,
        turn: int = -1,
    ) -> Response:
        """One HTTP exchange; 2xx is ok, 4xx fail, 5xx/timeout/transport error info."""
        op = invoked or self.invoke(
            interview=interview,
            interview_id=interview_id,
            step=step,
            action=action,
            f=f,
            method=method,
            path=path,
            append=append,
            turn=turn,
        )
        kwargs: dict[str, Any] = {"headers": headers or {}}
        if content is not None:
            kwargs["content"] = content
            kwargs["headers"] = {"content-type": "application/json", **kwargs["headers"]}
        elif json is not None:
            kwargs["json"] = json
        try:
            # a timeout scope, not wait_for: no extra task per request
            async with asyncio.timeout(self.timeout):
                reply = await self.client.request(method, path, **kwargs)
        except (TimeoutError, httpx.TimeoutException):
            done = self.history.complete(op, "info", error=f"timeout after {self.timeout}s")
            return Response(done, None)
        except httpx.TransportError as exc:
            done = self.history.complete(op, "info", error=f"{type(exc).__name__}: {exc}")
            return Response(done, None)
        try:
            body: Any = reply.json()
        except ValueError:
            body = reply.text
        outcome: Outcome = (
            "ok" if reply.status_code < 400 else "fail" if reply.status_code < 500 else "info"
        )
        done = self.history.complete(op, outcome, status=reply.status_code, body=body)
        return Response(done, body)

    def invoke(self, *, method: str, path: str, **fields: Any) -> Operation:
        """Record an invocation now (bursts invoke every request before sending any)."""
        return self.history.invoke(request=f"{method} {path}", **fields)
