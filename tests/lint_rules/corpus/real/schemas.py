# ruff: noqa
"""Models of the real-shape corpus: one declarative base, every way real projects declare JSON.

Linted together with every case (the index is built from this file, `clients.py`
and the case) and imported by the PostgreSQL proofs, which bind the session
factories to a test database.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, Field
from sqlalchemy import ForeignKey, String, Text, event
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import JSONB as PG_JSONB
from sqlalchemy.ext import mutable
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.ext.mutable import MutableDict, MutableList
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    declared_attr,
    mapped_column,
    relationship,
    scoped_session,
    sessionmaker,
)
from sqlalchemy.types import TypeDecorator
from sqlalchemy_utils import JSONType

#: a module-level alias, reached through the module (`mutable.MutableDict`)
TrackedDict = mutable.MutableDict.as_mutable(JSONB)
TrackedList = MutableList.as_mutable(pg.JSONB)


class Blob(TypeDecorator):
    """A JSON type whose name says nothing about JSON."""

    impl = JSONB
    cache_ok = True


class DialectDocument(TypeDecorator):
    """JSONB on PostgreSQL, text elsewhere: the JSON is only in `load_dialect_impl`."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(PG_JSONB())
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value, dialect):
        if dialect.name == "postgresql" or value is None:
            return value
        return json.dumps(value)

    def process_result_value(self, value, dialect):
        if isinstance(value, str):
            return json.loads(value)
        return value


class Stats(BaseModel):
    """A pydantic value stored in a JSON column."""

    level: int = 1
    badges: list[str] = Field(default_factory=list)


class PydanticJSON(TypeDecorator):
    """Stores a pydantic model as JSONB (the value in Python is the model, not a dict)."""

    impl = JSONB
    cache_ok = True

    def __init__(self, model: type[BaseModel]) -> None:
        super().__init__()
        self.model = model

    def process_bind_param(self, value, dialect):
        return value.model_dump() if value is not None else None

    def process_result_value(self, value, dialect):
        return self.model.model_validate(value) if value is not None else None


class AssociatedJSON(TypeDecorator):
    """A JSON type made mutable for every column of it by `associate_with`."""

    impl = JSONB
    cache_ok = True


MutableDict.associate_with(AssociatedJSON)


class EncodedDict(TypeDecorator):
    """A dict stored as JSON text: nothing here says JSON but `associate_with` below."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return json.dumps(value) if value is not None else None

    def process_result_value(self, value, dialect):
        return json.loads(value) if value is not None else None


mutable.MutableDict.associate_with(EncodedDict)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONB, list[Any]: JSONB}


class AuditMixin:
    """Columns a mixin brings: a plain one and a `declared_attr` one."""

    audit: Mapped[list[Any]] = mapped_column(JSONB, default=list)

    @declared_attr
    def extra(cls) -> Mapped[dict[str, Any]]:
        return mapped_column(JSONB, default=dict)


class Record(Base):
    """An abstract base: its columns are every subclass's."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Doc(AuditMixin, Record):
    __tablename__ = "doc"

    title: Mapped[str] = mapped_column(String, default="")
    items: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    prefs: Mapped[dict[str, Any]] = mapped_column(TrackedDict, default=dict)
    tags: Mapped[list[Any]] = mapped_column(TrackedList, default=list)
    blob: Mapped[dict[str, Any]] = mapped_column(Blob, default=dict)
    body: Mapped[dict[str, Any]] = mapped_column(DialectDocument, default=dict)
    legacy: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    portable: Mapped[dict[str, Any]] = mapped_column(
        sa.JSON().with_variant(JSONB(), "postgresql"), default=dict
    )
    stats: Mapped[Stats] = mapped_column(PydanticJSON(Stats), default=Stats)
    settings: Mapped[dict[str, Any]] = mapped_column(AssociatedJSON, default=dict)
    notes: Mapped[dict[str, Any]] = mapped_column(EncodedDict, default=dict)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    owner: Mapped[Account | None] = relationship(back_populates="docs")


class Account(Record):
    __tablename__ = "account"

    email: Mapped[str] = mapped_column(String, default="")
    #: the same name as `Doc.prefs`, plain JSONB here: the receiver's model decides
    prefs: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    docs: Mapped[list[Doc]] = relationship(back_populates="owner")


class DocIn(BaseModel):
    """A request body: attributes named like the model's, no ORM anywhere."""

    title: str = ""
    items: list[Any] = Field(default_factory=list)
    prefs: dict[str, Any] = Field(default_factory=dict)


SessionLocal = sessionmaker(expire_on_commit=False)
AsyncSessionLocal = async_sessionmaker(expire_on_commit=False)
db = scoped_session(SessionLocal)

#: what work that receives its data by value saw: (table, column, value)
SEEN: list[tuple[str, str, Any]] = []
#: rows that background work looked for and did not find: (table, id)
MISSED: list[tuple[str, int]] = []


def seen(table: str, key: int, row: Any) -> None:
    """Record a row background work could not find (it may not be committed yet)."""
    if row is None:
        MISSED.append((table, key))


async def read_doc(doc_id: int) -> None:
    """Background work: its own session, reads the row."""
    async with AsyncSessionLocal() as own:
        seen("doc", doc_id, await own.get(Doc, doc_id))


def read_doc_sync(doc_id: int) -> None:
    with SessionLocal() as own:
        seen("doc", doc_id, own.get(Doc, doc_id))


async def send_email(address: str) -> None:
    """Reads nothing from the database: its data comes by value."""
    SEEN.append(("account", "email", address))


async def read_account(account_id: int) -> None:
    """Background work that reads accounts, not documents."""
    async with AsyncSessionLocal() as own:
        seen("account", account_id, await own.get(Account, account_id))


def send_email_sync(address: str) -> None:
    SEEN.append(("account", "email", address))


class Task:
    """A task a worker runs: `.delay()` hands it over and a fast worker starts it at once."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.fn(*args, **kwargs)

    def delay(self, *args: Any, **kwargs: Any) -> threading.Thread:
        return self.apply_async(args, kwargs)

    def apply_async(self, args: Any = (), kwargs: Any = None, **options: Any) -> threading.Thread:
        thread = threading.Thread(target=self.fn, args=tuple(args), kwargs=dict(kwargs or {}))
        thread.start()
        return thread


class AfterCommitTask(Task):
    """Sends only once the scoped session's transaction commits (an after-commit hook)."""

    def apply_async(self, args: Any = (), kwargs: Any = None, **options: Any) -> Any:
        def send(_session: Any) -> None:
            Task.apply_async(self, args, kwargs)

        event.listen(db(), "after_commit", send, once=True)


class Worker:
    """The task decorator of a Celery-like worker (`@worker.task`, `@worker.task(base=...)`)."""

    def task(self, fn: Any = None, *, base: type[Task] = Task) -> Any:
        if fn is None:
            return lambda inner: base(inner)
        return base(fn)


worker = Worker()


@worker.task
def refresh_doc(doc_id: int) -> None:
    with SessionLocal() as own:
        seen("doc", doc_id, own.get(Doc, doc_id))


@worker.task
def refresh_all() -> None:
    """Given nothing: it selects every document itself."""
    with SessionLocal() as own:
        own.scalars(sa.select(Doc)).all()


@worker.task
def welcome(address: str) -> None:
    SEEN.append(("account", "email", address))


@worker.task(base=AfterCommitTask)
def reindex_doc(doc_id: int) -> None:
    with SessionLocal() as own:
        seen("doc", doc_id, own.get(Doc, doc_id))


def on_commit(session: Any, callback: Any) -> None:
    """Run `callback` once `session` commits (Django's `transaction.on_commit`, for SQLAlchemy)."""
    event.listen(session, "after_commit", lambda _s: callback(), once=True)
