# ruff: noqa
from models import *
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


async def close_doc(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "closed"
    await session.commit()
    asyncio.create_task(job(doc_id))
