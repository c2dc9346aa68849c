# ruff: noqa
from models import *
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


async def handler(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    asyncio.create_task(notify(doc.title))
