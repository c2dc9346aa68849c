# ruff: noqa
from models import *
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

SessionLocal = async_sessionmaker()


async def summarise(doc):
    async with SessionLocal() as own:
        doc = await own.merge(doc)
        print(doc.title)


async def handler(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    asyncio.create_task(summarise(doc))
