"""Each claim of DESIGN.md's first section, proven against PostgreSQL with a tiny model.

Every test changes a row through a real SQLAlchemy session, then reads it back through a
separate psycopg connection: what counts is what PostgreSQL stored, not what the session says.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import psycopg
import pytest
from sqlalchemy import cast, create_engine, select, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.ext.mutable import MutableList
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import flag_modified

ORIGINAL = [{"k": "original"}]
NEW = {"k": "new"}
GATE_KEY = 734_101


class Base(DeclarativeBase):
    """A model of its own, independent of the reference app."""


class Doc(Base):
    """Plain JSONB: in-place changes are invisible to the unit of work."""

    __tablename__ = "docs"

    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[list[Any]] = mapped_column(JSONB)


class TrackedDoc(Base):
    """`MutableList`: tracks the list itself, not what is inside its items."""

    __tablename__ = "tracked_docs"

    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[list[Any]] = mapped_column(MutableList.as_mutable(JSONB))


def sqlalchemy_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def stored(url: str, model: type[Base]) -> Any:
    """The row's `data` as PostgreSQL has it."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(f"SELECT data FROM {model.__tablename__} WHERE id = 1").fetchone()
    assert row is not None
    return row[0]


@pytest.fixture
def database(postgres_database: str) -> str:
    """An empty database with one `Doc` and one `TrackedDoc`, both holding ORIGINAL."""
    engine = create_engine(sqlalchemy_url(postgres_database))
    try:
        Base.metadata.create_all(engine)
        with Session(engine) as session:
            session.add_all([Doc(id=1, data=list(ORIGINAL)), TrackedDoc(id=1, data=list(ORIGINAL))])
            session.commit()
    finally:
        engine.dispose()
    return postgres_database


Change = Callable[[Any], None]


@pytest.fixture(params=["sync-session", "async-session"])
def commit_change(request, database) -> Callable[[type[Base], Change], Awaitable[None]]:
    """Loads row 1 of a model, applies a change to it, and commits, in a sync or async session."""

    async def run(model: type[Base], change: Change) -> None:
        if request.param == "sync-session":
            engine = create_engine(sqlalchemy_url(database))
            try:
                with Session(engine) as session:
                    doc = session.get(model, 1)
                    change(doc)
                    session.commit()
            finally:
                engine.dispose()
        else:
            async_engine = create_async_engine(sqlalchemy_url(database))
            try:
                async with AsyncSession(async_engine) as session:
                    doc = await session.get(model, 1)
                    change(doc)
                    await session.commit()
            finally:
                await async_engine.dispose()

    return run


# -- JSON mutation not persisted ---------------------------------------------------------


async def test_in_place_append_is_lost(commit_change, database):
    def change(doc):
        doc.data.append(NEW)
        assert doc.data == [*ORIGINAL, NEW]  # the session's object does change

    await commit_change(Doc, change)

    assert stored(database, Doc) == ORIGINAL


def _set_item(doc):
    doc.data[0] = NEW


def _delete_item(doc):
    del doc.data[0]


def _update_item(doc):
    doc.data[0].update(NEW)


def _extend(doc):
    doc.data.extend([NEW])


@pytest.mark.parametrize("change", [_set_item, _delete_item, _update_item, _extend])
async def test_other_in_place_mutations_are_lost(commit_change, database, change):
    await commit_change(Doc, change)

    assert stored(database, Doc) == ORIGINAL


async def test_augmented_assignment_is_lost(commit_change, database):
    def change(doc):
        doc.data += [NEW]  # list.__iadd__ mutates in place, then assigns the same object

    await commit_change(Doc, change)

    assert stored(database, Doc) == ORIGINAL


async def test_reassigning_the_mutated_object_is_lost(commit_change, database):
    def change(doc):
        data = doc.data
        data.append(NEW)
        doc.data = data

    await commit_change(Doc, change)

    assert stored(database, Doc) == ORIGINAL


async def test_assigning_an_equal_copy_after_mutating_in_place_is_lost(commit_change, database):
    def change(doc):
        doc.data.append(NEW)
        doc.data = list(doc.data)  # compared with the (already mutated) original: equal

    await commit_change(Doc, change)

    assert stored(database, Doc) == ORIGINAL


async def test_nested_mutation_under_mutable_list_is_lost(commit_change, database):
    def change(doc):
        doc.data[0]["k"] = "changed"

    await commit_change(TrackedDoc, change)

    assert stored(database, TrackedDoc) == ORIGINAL


async def test_top_level_append_under_mutable_list_is_kept(commit_change, database):
    await commit_change(TrackedDoc, lambda doc: doc.data.append(NEW))

    assert stored(database, TrackedDoc) == [*ORIGINAL, NEW]


async def test_flag_modified_after_in_place_append_is_kept(commit_change, database):
    def change(doc):
        doc.data.append(NEW)
        flag_modified(doc, "data")

    await commit_change(Doc, change)

    assert stored(database, Doc) == [*ORIGINAL, NEW]


async def test_flag_modified_after_nested_mutation_is_kept(commit_change, database):
    def change(doc):
        doc.data[0]["k"] = "changed"
        flag_modified(doc, "data")

    await commit_change(TrackedDoc, change)

    assert stored(database, TrackedDoc) == [{"k": "changed"}]


async def test_assigning_a_new_list_built_from_the_unmutated_original_is_kept(
    commit_change, database
):
    def change(doc):
        doc.data = [*doc.data, NEW]

    await commit_change(Doc, change)

    assert stored(database, Doc) == [*ORIGINAL, NEW]


# -- Work spawned before its data is committed -------------------------------------------
#
# Left alone, "the job reads before the COMMIT lands" is a race: `await session.commit()`
# sends UPDATE and COMMIT and yields to the loop while it waits, so a task created before it
# starts running during the commit, and whether its SELECT reaches PostgreSQL before the COMMIT
# depends on round-trip timing. To make it deterministic, a deferred constraint trigger makes
# COMMIT wait for an advisory lock that the test holds (the "commit gate", the in-database
# cousin of the harness's COMMIT-delaying proxy) and releases only once the job has finished.
# The job's plain SELECT takes no lock, so it always runs to completion while the commit is
# held: it sees exactly what a job scheduled during the commit window sees. No sleeps involved.


@pytest.fixture
def gated_database(database: str) -> str:
    """`database`, where committing an UPDATE of `docs` waits for advisory lock GATE_KEY."""
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(
            "CREATE FUNCTION wait_for_commit_gate() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN PERFORM pg_advisory_xact_lock_shared({GATE_KEY}); RETURN NULL; END $$"
        )
        conn.execute(
            "CREATE CONSTRAINT TRIGGER docs_commit_gate AFTER UPDATE ON docs"
            " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION wait_for_commit_gate()"
        )
    return database


@asynccontextmanager
async def engine_for(url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(sqlalchemy_url(url))
    try:
        yield engine
    finally:
        await engine.dispose()


@asynccontextmanager
async def commit_gate_held(url: str) -> AsyncIterator[Callable[[asyncio.Task[Any]], None]]:
    """Holds the gate shut; yields `open_after(task)`, which reopens it once `task` is done."""
    openers: list[asyncio.Task[None]] = []
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as gate:
        await gate.execute("SELECT pg_advisory_lock(%s)", (GATE_KEY,))

        async def open_when_done(task: asyncio.Task[Any]) -> None:
            await asyncio.wait({task})
            await gate.execute("SELECT pg_advisory_unlock(%s)", (GATE_KEY,))

        def open_after(task: asyncio.Task[Any]) -> None:
            openers.append(asyncio.create_task(open_when_done(task)))

        try:
            yield open_after
        finally:
            await asyncio.gather(*openers)


async def read_job(engine: AsyncEngine, doc_id: int) -> list[Any]:
    """The background job: its own session, given an id, reads the row."""
    async with AsyncSession(engine) as session:
        doc = await session.get(Doc, doc_id)
        assert doc is not None
        return doc.data


async def test_job_spawned_before_commit_reads_the_old_state(gated_database):
    async with engine_for(gated_database) as engine, commit_gate_held(gated_database) as open_after:
        async with AsyncSession(engine) as session:
            doc = await session.get(Doc, 1)
            doc.data = [*doc.data, NEW]
            job = asyncio.create_task(read_job(engine, 1))  # spawned before the commit
            open_after(job)
            async with asyncio.timeout(10):
                await session.commit()
        seen = await job

    assert seen == ORIGINAL
    assert stored(gated_database, Doc) == [*ORIGINAL, NEW]


async def test_job_spawned_after_flush_but_before_commit_reads_the_old_state(gated_database):
    async with engine_for(gated_database) as engine, commit_gate_held(gated_database) as open_after:
        async with AsyncSession(engine) as session:
            doc = await session.get(Doc, 1)
            doc.data = [*doc.data, NEW]
            await session.flush()  # the UPDATE is sent, but not committed: no cure
            job = asyncio.create_task(read_job(engine, 1))
            open_after(job)
            async with asyncio.timeout(10):
                await session.commit()
        seen = await job

    assert seen == ORIGINAL
    assert stored(gated_database, Doc) == [*ORIGINAL, NEW]


async def test_job_spawned_after_commit_reads_the_new_state(gated_database):
    async with engine_for(gated_database) as engine:
        async with AsyncSession(engine) as session:
            doc = await session.get(Doc, 1)
            doc.data = [*doc.data, NEW]
            await session.commit()
            job = asyncio.create_task(read_job(engine, 1))  # spawned after the commit
        seen = await job

    assert seen == [*ORIGINAL, NEW]


# -- Lost updates on a JSON list ---------------------------------------------------------


def test_two_read_modify_writes_lose_the_first_append(database):
    engine = create_engine(sqlalchemy_url(database))
    try:
        with Session(engine) as first, Session(engine) as second:
            mine, theirs = first.get(Doc, 1), second.get(Doc, 1)
            mine.data.append("from first")
            flag_modified(mine, "data")
            theirs.data.append("from second")
            flag_modified(theirs, "data")
            first.commit()  # acknowledged...
            second.commit()  # ...and overwritten by a list that never contained it
    finally:
        engine.dispose()

    assert stored(database, Doc) == [*ORIGINAL, "from second"]


async def _wait_until_blocked_on_a_lock(url: str) -> None:
    """Bounded poll until some backend of this database waits on a lock."""
    give_up = time.monotonic() + 10
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < give_up:
            (waiting,) = conn.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()
            if waiting:
                return
            await asyncio.sleep(0.01)
    raise AssertionError("the second writer never waited for the row lock")


async def _append_locked(engine: AsyncEngine, item: str) -> None:
    async with AsyncSession(engine) as session:
        doc = (await session.execute(select(Doc).where(Doc.id == 1).with_for_update())).scalar_one()
        doc.data.append(item)
        flag_modified(doc, "data")
        await session.commit()


async def test_appends_under_with_for_update_are_both_kept(database):
    async with engine_for(database) as engine, AsyncSession(engine) as first:
        query = select(Doc).where(Doc.id == 1).with_for_update()
        mine = (await first.execute(query)).scalar_one()
        second = asyncio.create_task(_append_locked(engine, "from second"))
        await _wait_until_blocked_on_a_lock(database)  # the second has read-intent, and waits
        mine.data.append("from first")
        flag_modified(mine, "data")
        await first.commit()
        await second

    assert stored(database, Doc) == [*ORIGINAL, "from first", "from second"]


async def _append_in_sql(engine: AsyncEngine, item: str) -> None:
    async with AsyncSession(engine) as session:
        await session.execute(
            update(Doc).where(Doc.id == 1).values(data=Doc.data.op("||")(cast([item], JSONB)))
        )
        await session.commit()


async def test_appends_done_in_sql_are_both_kept(database):
    async with engine_for(database) as engine, AsyncSession(engine) as first:
        await first.execute(
            update(Doc)
            .where(Doc.id == 1)
            .values(data=Doc.data.op("||")(cast(["from first"], JSONB)))
        )
        second = asyncio.create_task(_append_in_sql(engine, "from second"))
        await _wait_until_blocked_on_a_lock(database)
        await first.commit()
        await second

    assert stored(database, Doc) == [*ORIGINAL, "from first", "from second"]
