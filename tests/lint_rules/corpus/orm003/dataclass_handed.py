# ruff: noqa
from models import *
import asyncio
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession


@dataclass
class DocView:
    id: int
    title: str


async def deliver(view):
    print(view.title)


async def handler(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    view = DocView(id=doc.id, title=doc.title)
    asyncio.create_task(deliver(view))
