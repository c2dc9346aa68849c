# ruff: noqa
from models import *
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


async def handler(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    doc = doc.id
    await session.commit()
    asyncio.create_task(job(doc))
