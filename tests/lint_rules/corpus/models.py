# ruff: noqa
"""Models shared by every corpus case (the index is built from this file plus the case)."""

from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy import JSON, Column
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.ext.mutable import MutableDict, MutableList
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import flag_modified


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: pg.JSONB}


class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    items: Mapped[list[Any]] = mapped_column(pg.JSONB)
    meta: Mapped[dict[str, Any]]
    tags: Mapped[list[Any]] = mapped_column(MutableList.as_mutable(pg.JSONB))
    settings: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON))
    children = relationship("Child")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)


class Interview(Base):
    __tablename__ = "interview"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str]
    conversation_data = Column(sa.JSON().with_variant(pg.JSONB, "postgresql"))


class MessageIn(BaseModel):
    items: list[str]


def save_items(doc):
    flag_modified(doc, "items")


def touch(obj, attr):
    flag_modified(obj, attr)


async def job(doc_id):
    """Background work: opens its own session and reads the row."""
    async with SessionLocal() as own:
        return await own.get(Doc, doc_id)


def job_sync(doc_id=None):
    with SessionLocal() as own:
        return own.get(Doc, doc_id)


async def notify(email: str) -> None:
    """Reads nothing from the database: its data comes by value."""
    print(email)
