"""Shared fixtures: the reference app behind either transport, and its rows read directly."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import psycopg
import pytest

from harness.http_server import serve_in_thread
from harness.postgres import ClonedDatabase
from reference_app import Settings, create_app, shutdown

OpenClient = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture(params=["asgi", "uvicorn"])
def transport(request: pytest.FixtureRequest) -> str:
    """How requests reach the app: in-process ASGI, or real HTTP to a uvicorn thread."""
    return str(request.param)


@pytest.fixture
def open_client(transport: str, reference_database: ClonedDatabase) -> OpenClient:
    """Opens a client to a new app on the test's database; keyword arguments go to Settings."""

    @asynccontextmanager
    async def open_(**settings: Any) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(Settings(reference_database.url, **settings))
        if transport == "asgi":
            # ASGITransport runs no lifespan: drain jobs and close the pool ourselves.
            try:
                async with httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://test"
                ) as client:
                    yield client
            finally:
                await shutdown(app)
        else:
            # uvicorn runs the lifespan (and so `shutdown`) in its own loop on exit.
            with serve_in_thread(app) as base_url:
                async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
                    yield client

    return open_


@pytest.fixture
async def client(open_client: OpenClient) -> AsyncIterator[httpx.AsyncClient]:
    """A client to the reference app with default settings."""
    async with open_client() as client:
        yield client


@pytest.fixture
def stored(reference_database: ClonedDatabase) -> Callable[[str], dict[str, Any] | None]:
    """Reads an interview's row through a separate connection, never through the app."""

    def read(interview_id: str) -> dict[str, Any] | None:
        with psycopg.connect(reference_database.url, autocommit=True) as conn:
            row = conn.execute(
                "SELECT conversation_data, status FROM interviews WHERE id = %s", (interview_id,)
            ).fetchone()
        if row is None:
            return None
        return {"conversation_data": row[0], "status": row[1]}

    return read
