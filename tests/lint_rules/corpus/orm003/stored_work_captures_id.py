# ruff: noqa
from models import *
import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession


@dataclass
class Outcome:
    body: dict
    on_commit: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


async def finish(session: AsyncSession, outcome: Outcome) -> dict:
    await session.commit()
    for job in outcome.on_commit:
        asyncio.create_task(job())
    return outcome.body


async def rename(session: AsyncSession, doc_id: int, title: str) -> Outcome:
    doc = await session.get(Doc, doc_id)
    doc.title = title
    new_title = doc.title

    async def reindex() -> None:
        await push_to_search_by_id(doc_id, new_title)

    return Outcome(body={"id": doc_id}, on_commit=[reindex])
