"""An in-process ASGI app on its own event loop, in its own thread, called from the runner's loop.

Sharing one loop with the harness makes the app's background work (async
follow-up jobs) wait whenever the harness is busy: scheduling fifty copies,
judging, a CPU-bound neighbour. A correct backend then looks late. On its own
loop the app runs whenever its thread gets the interpreter, whatever the
harness's loop is doing; the runner still sees an ordinary `httpx` transport.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable
from typing import Any, TypeVar

import httpx

T = TypeVar("T")


class AppLoop:
    """An event loop running in a daemon thread until `close`."""

    def __init__(self, name: str = "persistguard-app") -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_forever()
        finally:  # whatever is still running when the harness stops: cancel, then close
            pending = asyncio.all_tasks(self.loop)
            for task in pending:
                task.cancel()
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.run_until_complete(self.loop.shutdown_default_executor())
            self.loop.close()

    async def call(self, work: Awaitable[T]) -> T:
        """Await `work` on the app's loop and its result here (cancelling it, if cancelled)."""

        async def there() -> T:
            return await work

        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(there(), self.loop))

    def close(self, timeout: float = 30.0) -> None:
        """Stop the loop, cancel what is left on it, and wait for the thread."""
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout)


class AppLoopTransport(httpx.AsyncBaseTransport):
    """Sends each request to an ASGI app that runs on an `AppLoop`."""

    def __init__(self, app: Any, app_loop: AppLoop) -> None:
        self._asgi = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self._loop = app_loop

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        status, headers, content = await self._loop.call(self._send(request, body))
        return httpx.Response(status, headers=headers, content=content, request=request)

    async def _send(
        self, request: httpx.Request, body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        copy = httpx.Request(request.method, request.url, headers=request.headers, content=body)
        response = await self._asgi.handle_async_request(copy)
        content = await response.aread()
        return response.status_code, list(response.headers.raw), content
