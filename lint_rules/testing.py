"""Turn every rule's VALID/INVALID examples into lint cases and PostgreSQL proofs.

An example is a function `example(session, doc_id)` (async or sync) working on
the tiny model in `PRELUDE`. For the lint case it is linted with the prelude
in front. For the proof it is executed against a real database, and the
verdict comes from outside the application:

* ORM001/ORM004 ("the write"): the row is read back through a separate
  psycopg connection; an invalid example must leave it unchanged (the write
  was lost), a valid one must have changed it.
* ORM002 ("the spawned read"): the spawned `job`/`job_sync` opens its own
  session and records what it read; an invalid example must make it read the
  old row, a valid one the new row.
* ORM003 ("the handed work"): the work records what it read of the row, or
  the error it met (`job_doc`/`job_doc_sync` are handed the row itself and
  run once the request's session is closed, as background work does;
  `job_with` is handed the session); an invalid example must make it fail or
  read a stale row, a valid one read the row as committed.
* ORM005 ("the flag"): as for ORM001, the row is read back; the example may
  raise (a `flag_modified` of an unknown name does), and then nothing was
  committed.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import psycopg
import pytest
from psycopg.types.json import Jsonb

from lint_rules.config import LintConfig
from lint_rules.engine import lint_source
from lint_rules.registry import all_rules
from lint_rules.rule import Invalid, LintRule, Valid
from lint_rules.violation import Violation

PRELUDE = '''\
import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.mutable import MutableList
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import flag_modified


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    items: Mapped[list[Any]] = mapped_column(JSONB)
    meta: Mapped[dict[str, Any]] = mapped_column(JSONB)
    tags: Mapped[list[Any]] = mapped_column(MutableList.as_mutable(JSONB))


SEEN: list[Any] = []  # what spawned jobs read: (doc_id, title or None, or the error's name)
job_sessions: Any = None  # async_sessionmaker, set by the proof harness
job_sync_sessions: Any = None  # sessionmaker, set by the proof harness
REQUEST_OVER: Any = None  # threading.Event, set by the proof harness once the session is closed


async def job(doc_id: int) -> None:
    """Background work: its own session, reads the row, records what it saw."""
    async with job_sessions() as own:
        doc = await own.get(Doc, doc_id)
        SEEN.append((doc_id, doc.title if doc else None))


def job_sync(doc_id: int) -> None:
    """The same, for threads and executors."""
    with job_sync_sessions() as own:
        doc = own.get(Doc, doc_id)
        SEEN.append((doc_id, doc.title if doc else None))


async def job_doc(doc: Doc) -> None:
    """Background work handed the row itself: it runs once the request is over."""
    await asyncio.to_thread(REQUEST_OVER.wait, 10)
    try:
        SEEN.append((1, doc.title))
    except Exception as error:
        SEEN.append((1, type(error).__name__))


def job_doc_sync(doc: Doc) -> None:
    """The same, for threads and executors."""
    REQUEST_OVER.wait(10)
    try:
        SEEN.append((1, doc.title))
    except Exception as error:
        SEEN.append((1, type(error).__name__))


async def job_with(session: AsyncSession, doc_id: int) -> None:
    """Background work handed the request's session: it reads the row through it."""
    try:
        SEEN.append((doc_id, await session.scalar(select(Doc.title).where(Doc.id == doc_id))))
    except Exception as error:
        SEEN.append((doc_id, type(error).__name__))


'''
PRELUDE_LINES = PRELUDE.count("\n")
INITIAL_ROW: dict[str, Any] = {
    "id": 1,
    "title": "old",
    "items": [{"n": 1}],
    "meta": {"a": 1, "nested": {"b": 1}},
    "tags": [{"k": 0}],
}
Outcome = Literal["kept", "lost"]
ProofKind = Literal["write", "flag", "spawned-read", "handed-work"]
#: how each rule's examples are proven (see the module docstring)
PROOFS: dict[str, ProofKind] = {
    "ORM001": "write",
    "ORM002": "spawned-read",
    "ORM003": "handed-work",
    "ORM004": "write",
    "ORM005": "flag",
}


@dataclass(frozen=True)
class Case:
    """One example of one rule, with the id the tests use (`ORM001-invalid-0`)."""

    rule: type[LintRule]
    example: Valid | Invalid
    id: str

    @property
    def source(self) -> str:
        """The example as linted: prelude + example."""
        return PRELUDE + self.example.code


def cases(kind: Literal["valid", "invalid", "all"] = "all") -> Iterator[Case]:
    """Every rule example."""
    for rule in all_rules():
        if kind in ("valid", "all"):
            for number, example in enumerate(rule.VALID):
                yield Case(rule, example, f"{rule.CODE}-valid-{number}")
        if kind in ("invalid", "all"):
            for number, invalid in enumerate(rule.INVALID):
                yield Case(rule, invalid, f"{rule.CODE}-invalid-{number}")


def params(kind: Literal["valid", "invalid", "all"] = "all") -> list[Any]:
    """`pytest.param`s with readable ids."""
    return [pytest.param(case, id=case.id) for case in cases(kind)]


def lint_case(case: Case, code: str | None = None) -> list[Violation]:
    """Lint an example (or its fixed version) with only its own rule selected."""
    config = LintConfig(select=(case.rule.CODE,))
    return lint_source(
        PRELUDE + (code if code is not None else case.example.code), "example.py", config
    )


def example_position(violation: Violation) -> tuple[int, int]:
    """A finding's (line, col) relative to the example rather than prelude + example."""
    return violation.line - PRELUDE_LINES, violation.col


# -- the PostgreSQL proof --------------------------------------------------------------------

_LOADED = itertools.count()


def _load(code: str) -> types.ModuleType:
    """Import prelude + example as a real module (SQLAlchemy resolves annotations through it)."""
    name = f"persistguard_example_{next(_LOADED)}"
    module = types.ModuleType(name)
    sys.modules[name] = module
    try:
        exec(compile(PRELUDE + code, "example.py", "exec"), module.__dict__)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _read_rows(url: str) -> dict[int, tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT id, title, items, meta, tags FROM doc ORDER BY id").fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


def _insert_initial(url: str) -> None:
    row = INITIAL_ROW
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO doc (id, title, items, meta, tags) VALUES (%s, %s, %s, %s, %s)",
            (row["id"], row["title"], Jsonb(row["items"]), Jsonb(row["meta"]), Jsonb(row["tags"])),
        )


def _hold_commit_until_job_read(module: types.ModuleType, is_async: bool) -> Callable[..., None]:
    """A `commit` event hook: if spawned work is already running, let it read first.

    Why: the race is real (the job runs between the spawn and the moment
    COMMIT takes effect), but who wins it depends on how long COMMIT takes
    (WAL flush, network) against how fast the job reaches its SELECT (a warm
    or cold connection pool). Measured here without this hook: a job with a
    cold engine never won (it is still connecting when COMMIT lands); a job
    with a warm pool won every time when `commit()` still had to flush, and
    never when COMMIT was its first round trip. Holding COMMIT until an
    already-started job has read is the harness's "slow COMMIT" (its chaos
    proxy delays COMMIT the same way): it picks the interleaving the bug
    allows, on every run, and lasts only as long as needed. It never delays
    a commit when no job is running, so a spawn *after* the commit is
    unaffected and still reads the new row.
    """
    from sqlalchemy.util import await_only

    baseline = set(threading.enumerate())

    async def wait_async() -> None:
        await asyncio.sleep(0)  # let a just-created task start
        current = asyncio.current_task()
        running = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
        deadline = time.monotonic() + 10
        while running and not module.SEEN and time.monotonic() < deadline:
            await asyncio.sleep(0.005)

    def hook(_conn: Any) -> None:
        if is_async:
            await_only(wait_async())
            return
        deadline = time.monotonic() + 10
        while (
            set(threading.enumerate()) - baseline
            and not module.SEEN
            and time.monotonic() < deadline
        ):
            time.sleep(0.005)

    return hook


def prove(case: Case, url: str, code: str | None = None) -> Outcome:
    """Run an example on a fresh database at `url`; did the write survive (or reach the job)?"""
    from sqlalchemy import create_engine, event
    from sqlalchemy.orm import Session, sessionmaker

    kind = PROOFS[case.rule.CODE]
    module = _load(code if code is not None else case.example.code)
    example = module.example
    is_async = inspect.iscoroutinefunction(example)
    sa_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    sync_engine = create_engine(sa_url)
    try:
        module.Base.metadata.create_all(sync_engine)
        _insert_initial(url)
        before = _read_rows(url)
        module.__dict__["job_sync_sessions"] = sessionmaker(sync_engine)
        module.__dict__["REQUEST_OVER"] = threading.Event()
        try:
            if is_async:
                asyncio.run(_run_async(module, example, sa_url, kind))
            else:
                if kind == "spawned-read":
                    event.listen(sync_engine, "commit", _hold_commit_until_job_read(module, False))
                try:
                    with Session(sync_engine) as session:
                        example(session, 1)
                finally:
                    module.REQUEST_OVER.set()
                _wait_for_jobs(module, kind)
        except Exception:
            if kind not in ("flag", "handed-work"):
                raise
            # the request failed: nothing it meant to commit was committed
    finally:
        sync_engine.dispose()
        sys.modules.pop(module.__name__, None)
    after = _read_rows(url)
    if kind == "spawned-read":
        assert module.SEEN, "the example spawned no job"
        doc_id, title = module.SEEN[0]
        old = before.get(doc_id)
        return "lost" if title == (old[0] if old else None) else "kept"
    if kind == "handed-work":
        # the work must have read the row as committed; an error or a stale read is a loss
        assert module.SEEN, "the example handed nothing to any job"
        doc_id, title = module.SEEN[0]
        now = after.get(doc_id)
        return "kept" if now is not None and title == now[0] else "lost"
    return "lost" if after == before else "kept"


async def _run_async(module: types.ModuleType, example: Any, sa_url: str, kind: ProofKind) -> None:
    from sqlalchemy import event
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

    engine = create_async_engine(sa_url)
    job_engine = create_async_engine(sa_url)
    try:
        if kind == "spawned-read":
            event.listen(engine.sync_engine, "commit", _hold_commit_until_job_read(module, True))
        module.__dict__["job_sessions"] = async_sessionmaker(job_engine)
        try:
            async with AsyncSession(engine) as session:
                await example(session, 1)
        finally:
            module.REQUEST_OVER.set()
            current = asyncio.current_task()
            pending = [t for t in asyncio.all_tasks() if t is not current]
            if pending:
                await asyncio.wait_for(asyncio.gather(*pending, return_exceptions=True), 10)
    finally:
        await engine.dispose()
        await job_engine.dispose()


def _wait_for_jobs(module: types.ModuleType, kind: ProofKind) -> None:
    if kind not in ("spawned-read", "handed-work"):
        return
    deadline = time.monotonic() + 10
    while not module.SEEN and time.monotonic() < deadline:
        time.sleep(0.005)
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and thread.name.startswith("Thread-"):
            thread.join(10)
