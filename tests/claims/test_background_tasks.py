"""FastAPI's `BackgroundTasks` run once the handler has returned: what ORM002 assumes of them.

A task registered with `add_task` before the handler's own `commit()` still
reads the committed row, because it starts only after the response;
`asyncio.create_task` at the same place starts while the row is uncommitted.
A commit in a `Depends` generator after its `yield` protects the tasks only on
the FastAPI versions that close dependencies before running them (0.106 up to
the 0.11x series); older and current versions run the tasks first, so ORM002
does not count on it. Each verdict is read by the task through its own
connection to PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import BackgroundTasks, Depends, FastAPI
from sqlalchemy import String
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tests.claims.test_json_persistence import sqlalchemy_url


class Base(DeclarativeBase):
    """A model of its own."""


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String)


def build_app(url: str, seen: list[str | None]) -> tuple[FastAPI, Any]:
    """Handlers that write the note's title, then hand its id to background work."""
    engine = create_async_engine(sqlalchemy_url(url))
    sessions = async_sessionmaker(engine, expire_on_commit=False)

    async def read_title(note_id: int) -> None:
        async with sessions() as own:
            note = await own.get(Note, note_id)
            seen.append(note.title if note else None)

    async def committing_session() -> AsyncIterator[AsyncSession]:
        async with sessions() as session:
            yield session
            await session.commit()

    app = FastAPI()

    @app.post("/registered-then-commit/{note_id}")
    async def registered_then_commit(note_id: int, tasks: BackgroundTasks) -> dict[str, str]:
        async with sessions() as session:
            note = await session.get(Note, note_id)
            assert note is not None
            note.title = "new"
            tasks.add_task(read_title, note_id)
            await session.commit()
        return {"ok": "yes"}

    @app.post("/registered-teardown-commit/{note_id}")
    async def registered_teardown_commit(
        note_id: int,
        tasks: BackgroundTasks,
        session: AsyncSession = Depends(committing_session),  # noqa: B008 (FastAPI's way)
    ) -> dict[str, str]:
        note = await session.get(Note, note_id)
        assert note is not None
        note.title = "new"
        tasks.add_task(read_title, note_id)
        return {"ok": "yes"}

    @app.post("/created-then-commit/{note_id}")
    async def created_then_commit(note_id: int) -> dict[str, str]:
        async with sessions() as session:
            note = await session.get(Note, note_id)
            assert note is not None
            note.title = "new"
            task = asyncio.create_task(read_title(note_id))
            await asyncio.sleep(0.05)  # what a slow COMMIT round trip gives the task
            await session.commit()
        await task
        return {"ok": "yes"}

    return app, engine


@pytest.fixture
async def app_and_seen(postgres_database: str) -> AsyncIterator[tuple[FastAPI, list[str | None]]]:
    seen: list[str | None] = []
    app, engine = build_app(postgres_database, seen)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
        await conn.execute(Note.__table__.insert().values(id=1, title="old"))
    try:
        yield app, seen
    finally:
        await engine.dispose()


async def post(app: FastAPI, path: str) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post(path)
    assert response.status_code in (200, 204), response.text


async def test_a_background_task_registered_before_the_commit_reads_the_committed_row(
    app_and_seen: tuple[FastAPI, list[str | None]],
) -> None:
    app, seen = app_and_seen
    await post(app, "/registered-then-commit/1")
    assert seen == ["new"]


async def dependencies_close_before_tasks() -> bool:
    """Does this FastAPI close `yield` dependencies before it runs background tasks?"""
    events: list[str] = []

    async def dependency() -> AsyncIterator[None]:
        yield
        events.append("closed")

    probe = FastAPI()

    @probe.post("/")
    async def handler(tasks: BackgroundTasks, _: None = Depends(dependency)) -> None:
        tasks.add_task(events.append, "task")

    await post(probe, "/")
    return events == ["closed", "task"]


async def test_a_dependency_commit_protects_background_tasks_only_if_it_closes_first(
    app_and_seen: tuple[FastAPI, list[str | None]],
) -> None:
    app, seen = app_and_seen
    closes_first = await dependencies_close_before_tasks()
    await post(app, "/registered-teardown-commit/1")
    assert seen == (["new"] if closes_first else ["old"])


async def test_a_task_created_before_the_commit_reads_the_old_row(
    app_and_seen: tuple[FastAPI, list[str | None]],
) -> None:
    app, seen = app_and_seen
    await post(app, "/created-then-commit/1")
    assert seen == ["old"]
