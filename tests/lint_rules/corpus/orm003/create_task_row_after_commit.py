# ruff: noqa
from models import *
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


async def summarise(doc):
    print(doc.title)


async def close_doc(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "closed"
    await session.commit()
    asyncio.create_task(summarise(doc))  # expect: ORM003
