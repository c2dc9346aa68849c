"""Shared fixtures: the reference app behind either transport, and its rows read directly."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import psycopg
import pytest

from harness.postgres import ClonedDatabase
from harness.run.http_server import serve_in_thread
from reference_app import Settings, create_app, shutdown
from reference_app.followups import FollowUpGenerator

OpenClient = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture(params=["asgi", "uvicorn"])
def transport(request: pytest.FixtureRequest) -> str:
    """How requests reach the app: in-process ASGI, or real HTTP to a uvicorn thread."""
    return str(request.param)


@pytest.fixture
def open_client(transport: str, reference_database: ClonedDatabase) -> OpenClient:
    """Opens a client to a new app on the test's database; other keywords go to Settings."""

    @asynccontextmanager
    async def open_(
        followups: FollowUpGenerator | None = None, **settings: Any
    ) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(Settings(reference_database.url, **settings), followups=followups)
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
def query(reference_database: ClonedDatabase) -> Callable[..., list[tuple[Any, ...]]]:
    """Runs SQL on the test's database through a separate connection, never through the app."""

    def run(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with psycopg.connect(reference_database.url, autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    return run


@pytest.fixture
def stored(query: Callable[..., list[tuple[Any, ...]]]) -> Callable[[str], dict[str, Any] | None]:
    """An interview's stored `conversation_data` and `status`, or None if there is no row."""

    def read(interview_id: str) -> dict[str, Any] | None:
        rows = query(
            "SELECT conversation_data, status FROM interviews WHERE id = %s", (interview_id,)
        )
        if not rows:
            return None
        return {"conversation_data": rows[0][0], "status": rows[0][1]}

    return read
