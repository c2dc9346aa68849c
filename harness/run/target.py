"""What the runner drives: an ASGI app in this process, or a server at a base URL.

Either way the runner gets an `httpx.AsyncClient`, so it cannot tell them
apart. The in-process target also owns the app's shutdown, because httpx's
`ASGITransport` never sends lifespan events: background jobs would otherwise
outlive the run and the engine would never be disposed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from harness.errors import TargetError
from harness.redaction import redact_url, scrub
from harness.run.app_loop import AppLoop, AppLoopTransport

Shutdown = Callable[[Any], Awaitable[None]]

#: Seconds an idle connection to a server at a base URL is kept for reuse.
KEEPALIVE_EXPIRY = 1.0


@dataclass(frozen=True)
class Limits:
    """Connection settings derived from a scenario's load shape."""

    connections: int = 4
    timeout: float = 30.0


class Target:
    """Base: `client(limits)` yields a ready `httpx.AsyncClient`."""

    #: Shown in reports: `asgi (reference_app)` or `http://127.0.0.1:8000`.
    label: str = "?"

    @contextlib.asynccontextmanager
    async def client(self, limits: Limits) -> AsyncIterator[httpx.AsyncClient]:
        raise NotImplementedError
        yield  # pragma: no cover


class AppTarget(Target):
    """An ASGI app called in-process through `httpx.ASGITransport`.

    With `own_loop`, the app (its requests, background jobs and connection pool)
    lives on an event loop of its own (`harness.run.app_loop`), so the harness's
    load cannot starve its jobs; `shutdown` then runs there too. Without it, the
    app shares the caller's loop (and objects the caller made on that loop).
    """

    def __init__(
        self,
        app: Any,
        *,
        shutdown: Shutdown | None = None,
        label: str = "asgi",
        own_loop: bool = False,
    ):
        self.app = app
        self._shutdown = shutdown
        self.label = label
        self.own_loop = own_loop

    @contextlib.asynccontextmanager
    async def client(self, limits: Limits) -> AsyncIterator[httpx.AsyncClient]:
        # An exception the app lets escape is a 500 to the client, as a real server makes it,
        # not an exception in the runner: the run goes on and the history says "unknown".
        app_loop = AppLoop() if self.own_loop else None
        transport: httpx.AsyncBaseTransport = (
            AppLoopTransport(self.app, app_loop)
            if app_loop
            else httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
        )
        try:
            async with httpx.AsyncClient(
                transport=transport, base_url="http://persistguard.test", timeout=limits.timeout
            ) as client:
                yield client
        finally:
            try:
                if self._shutdown is not None:
                    done = self._shutdown(self.app)
                    await (app_loop.call(done) if app_loop else done)
            finally:
                if app_loop is not None:
                    await asyncio.to_thread(app_loop.close)


class UrlTarget(Target):
    """Any server that speaks the contract, reached over real HTTP."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.label = redact_url(self.base_url)  # reports and messages never carry the password

    @contextlib.asynccontextmanager
    async def client(self, limits: Limits) -> AsyncIterator[httpx.AsyncClient]:
        # Idle connections are dropped well before common servers close them (uvicorn after
        # 5 s, gunicorn 2 s): reusing one the server is closing fails the request with a
        # ReadError, an "unknown outcome" the backend never caused.
        pool = httpx.Limits(
            max_connections=limits.connections,
            max_keepalive_connections=limits.connections,
            keepalive_expiry=KEEPALIVE_EXPIRY,
        )
        async with httpx.AsyncClient(
            base_url=self.base_url, timeout=limits.timeout, limits=pool
        ) as client:
            await check_reachable(client, self.base_url)
            yield client


async def check_reachable(client: httpx.AsyncClient, base_url: str) -> None:
    """Fail early, in one line, when nothing answers at `base_url`."""
    try:
        await client.get("/interviews/00000000-0000-0000-0000-000000000000")
    except httpx.HTTPError as exc:
        raise TargetError(
            f"cannot reach the backend at {redact_url(base_url)}: "
            f"{type(exc).__name__}: {scrub(str(exc), base_url)}. "
            "Start it (e.g. `persistguard serve`) or fix --base-url"
        ) from exc


def reference_target(database_url: str, *, ai_latency: float = 0.0) -> AppTarget:
    """The reference app bound to `database_url`, with its shutdown hook."""
    from reference_app.main import create_app, shutdown
    from reference_app.settings import Settings

    app = create_app(Settings(database_url=database_url, ai_latency=ai_latency))
    return AppTarget(app, shutdown=shutdown, label="asgi (reference_app)", own_loop=True)
