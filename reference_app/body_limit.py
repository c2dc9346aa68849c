"""A pure-ASGI middleware that answers 413 once a request body passes a byte limit.

Without it a 100 MB POST was read whole (and parsed, and echoed in its 422): about
600 MB of memory for one request. A declared `Content-Length` over the limit is refused
before a byte is read; a body without one (chunked) is counted as it streams in and cut
off as soon as it passes the limit, so no more than the limit plus one chunk is held.
Starlette 1.x ships a similar middleware, but the lowest FastAPI this project supports
(0.115) does not, and its 413 is plain text where every other error here is JSON.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """Raised from `receive` when the body passes the limit. An HTTPException so that the
    app's own handlers answer it (FastAPI re-raises those from body parsing); the
    middleware answers it itself if it gets past them."""

    def __init__(self, limit: int) -> None:
        # No `Connection: close`: uvicorn then discards the rest of the body as it arrives
        # (holding none of it), so a client that writes the whole body before reading,
        # as most do, gets this 413 instead of a connection reset.
        super().__init__(status_code=413, detail=f"Request body exceeds the limit of {limit} bytes")


def _declared_length(scope: Scope) -> int | None:
    """The `Content-Length` header as an int, or None when absent or not a number (the
    server, not this middleware, judges malformed framing; the count still applies)."""
    value = Headers(scope=scope).get("content-length", "").strip()
    # isascii first: str.isdigit also holds for "²", which int() refuses
    return int(value) if value.isascii() and value.isdigit() else None


class BodyLimit:
    """Wraps an ASGI app; `max_bytes` is the largest body it lets through."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = BodyTooLarge(self.max_bytes)
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(too_large, scope, receive, send)
            return

        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise too_large
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:  # too late for a status: let the server drop the connection
                raise
            await self._refuse(too_large, scope, receive, send)

    @staticmethod
    async def _refuse(error: BodyTooLarge, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse({"detail": error.detail}, status_code=error.status_code)
        await response(scope, receive, send)
