"""Run a real-shape corpus case on PostgreSQL and say whether its writes were kept or lost.

A case (`tests/lint_rules/corpus/real/*.py`) is imported as a module next to
the corpus's `schemas.py` and `clients.py`, its `example(session, doc_id)` is
called (sync or async) on a fresh database holding one `Doc` and one
`Account`, and the verdict is read from outside the application:

* every ORM instance the run loaded or built (the case's own sessions and the
  spawned work's included) is compared, column by column, with its row as a
  separate psycopg connection reads it at the end. An instance whose state
  differs from its stored row lost a write (the code changed it and the
  commit wrote something else), and spawned work that read a row before its
  writer committed holds the old value, so a race shows up the same way;
* work handed its data by value records it in `schemas.SEEN`; it was right if
  a row holds that value at the end. Work that looked for a row and found none
  records it in `schemas.MISSED`; it was too early if the row exists at the end.

Sessions never expire on commit here (`expire_on_commit=False`): what an
instance holds after the commit is what the code meant to store.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import json
import sys
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import psycopg
from psycopg import sql

Outcome = Literal["kept", "lost"]
REAL = Path(__file__).parents[1] / "lint_rules" / "corpus" / "real"
SUPPORT = ("schemas", "clients")
_LOADED = itertools.count()


@contextlib.contextmanager
def _support_modules() -> Iterator[dict[str, types.ModuleType]]:
    """Fresh `schemas` and `clients` modules under those names for the duration of one run."""
    saved = {name: sys.modules.get(name) for name in SUPPORT}
    loaded: dict[str, types.ModuleType] = {}
    try:
        for name in SUPPORT:
            module = types.ModuleType(name)
            module.__file__ = str(REAL / f"{name}.py")
            sys.modules[name] = module
            source = (REAL / f"{name}.py").read_text(encoding="utf-8")
            exec(compile(source, module.__file__, "exec"), module.__dict__)
            loaded[name] = module
        yield loaded
    finally:
        for name, previous in saved.items():
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous


def _load_case(path: Path, source: str | None) -> types.ModuleType:
    name = f"persistguard_shape_{next(_LOADED)}"
    module = types.ModuleType(name)
    module.__file__ = str(path)
    sys.modules[name] = module
    text = source if source is not None else path.read_text(encoding="utf-8")
    exec(compile(text, str(path), "exec"), module.__dict__)
    return module


def _seed(schemas: types.ModuleType, engine: Any) -> None:
    from sqlalchemy.orm import Session

    schemas.Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add(schemas.Account(id=1, email="old@example.com", prefs={"a": 1}, meta={"a": 1}))
        session.flush()
        session.add(
            schemas.Doc(
                id=1,
                title="old",
                owner_id=1,
                items=[{"n": 1}],
                meta={"a": 1, "nested": {"b": 1}},
                prefs={"theme": "light", "nested": {"x": 1}},
                tags=[{"k": 0}],
                blob={"a": 1, "nested": {"b": 1}},
                body={"a": 1},
                legacy={"a": 1},
                portable={"a": 1},
                stats=schemas.Stats(),
                audit=[],
                extra={"a": 1},
                settings={"mode": "a", "nested": {"x": 1}},
                notes={"first": "a", "nested": {"x": 1}},
            )
        )
        session.commit()


def _hold_commit_until_work_read(baseline: set[threading.Thread], is_async: bool) -> Any:
    """A `commit` hook: if spawned work is already running, let it finish reading first.

    The harness's "slow COMMIT" (see `lint_rules.testing`): it picks the
    interleaving the bug allows, on every run, and never delays a commit when
    no work is running. Work may be a thread (a task handed to a worker) or an
    asyncio task, from a sync or an async session.
    """
    from sqlalchemy.util import await_only

    def others() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t not in baseline and t.is_alive()]

    async def wait_async() -> None:
        await asyncio.sleep(0)
        current = asyncio.current_task()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            tasks = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
            if not tasks and not others():
                return
            await asyncio.sleep(0.005)

    def hook(_conn: Any) -> None:
        if is_async:
            await_only(wait_async())
            return
        deadline = time.monotonic() + 10
        while others() and time.monotonic() < deadline:
            time.sleep(0.005)

    return hook


def _plain(value: Any) -> Any:
    """A column value as JSON text, for comparing Python state with what PostgreSQL returned."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = json.loads(value)  # JSON kept as text compares by its content
    return json.dumps(value, sort_keys=True, default=str)


def _stored(url: str, table: str, key: int) -> dict[str, Any] | None:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(
            sql.SQL("SELECT * FROM {} WHERE id = %s").format(sql.Identifier(table)), (key,)
        )
        row = cursor.fetchone()
        names = [c.name for c in cursor.description or ()]
    return dict(zip(names, row, strict=True)) if row is not None else None


def _differs(url: str, instance: Any) -> bool:
    """Does an instance with an identity hold column values its stored row does not?"""
    from sqlalchemy import inspect as sa_inspect
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.orm.base import NO_VALUE
    from sqlalchemy.types import TypeDecorator

    state = sa_inspect(instance)
    if state.identity is None or state.was_deleted or state.deleted:
        return False
    row = _stored(url, state.mapper.local_table.name, state.identity[0])
    if row is None:
        return False
    dialect = postgresql.dialect()
    for attr in state.mapper.column_attrs:
        loaded = state.attrs[attr.key].loaded_value
        if loaded is NO_VALUE:
            continue
        column = attr.columns[0]
        bind = getattr(type(column.type), "process_bind_param", None)
        if isinstance(column.type, TypeDecorator) and bind is not TypeDecorator.process_bind_param:
            loaded = column.type.process_bind_param(loaded, dialect)  # what the flush would send
        if _plain(loaded) != _plain(row[column.name]):
            return True
    return False


def prove(path: Path, url: str, source: str | None = None) -> Outcome:
    """Run one case (or `source`, a fixed version of it) on the empty database at `url`."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.orm import Session

    sa_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    with _support_modules() as support:
        schemas = support["schemas"]
        engine = create_engine(sa_url)
        instances: list[Any] = []
        track = lambda target, *_args, **_kw: instances.append(target)  # noqa: E731
        baseline = set(threading.enumerate())
        module = None
        try:
            _seed(schemas, engine)
            for name in ("load", "init"):
                event.listen(schemas.Base, name, track, propagate=True)
            module = _load_case(path, source)
            example = module.example
            is_async = inspect.iscoroutinefunction(example)
            schemas.SessionLocal.configure(bind=engine)
            if is_async:
                asyncio.run(_run_async(schemas, example, sa_url, baseline))
            else:
                event.listen(engine, "commit", _hold_commit_until_work_read(baseline, False))
                with Session(engine, expire_on_commit=False) as session:
                    example(session, 1)
            for thread in threading.enumerate():
                if thread not in baseline:
                    thread.join(10)
            schemas.db.remove()
            lost = any(_differs(url, instance) for instance in instances)
            lost = lost or any(not _holds(url, *seen) for seen in schemas.SEEN)
            # work that found no row while the row exists now read before the commit
            lost = lost or any(_stored(url, *missed) is not None for missed in schemas.MISSED)
        finally:
            engine.dispose()
            if module is not None:
                sys.modules.pop(module.__name__, None)
    return "lost" if lost else "kept"


def _holds(url: str, table: str, column: str, value: Any) -> bool:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            sql.SQL("SELECT count(*) FROM {} WHERE {} = %s").format(
                sql.Identifier(table), sql.Identifier(column)
            ),
            (value,),
        ).fetchone()
    return bool(row and row[0])


async def _run_async(
    schemas: types.ModuleType, example: Any, sa_url: str, baseline: set[threading.Thread]
) -> None:
    from sqlalchemy import event
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    engine = create_async_engine(sa_url)
    try:
        event.listen(engine.sync_engine, "commit", _hold_commit_until_work_read(baseline, True))
        schemas.AsyncSessionLocal.configure(bind=engine)
        async with AsyncSession(engine, expire_on_commit=False) as session:
            await example(session, 1)
        current = asyncio.current_task()
        pending = [t for t in asyncio.all_tasks() if t is not current]
        if pending:
            await asyncio.wait_for(asyncio.gather(*pending), 10)
    finally:
        await engine.dispose()
