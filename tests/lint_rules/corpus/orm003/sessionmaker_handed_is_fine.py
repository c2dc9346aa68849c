# ruff: noqa
from models import *
import asyncio

from sqlalchemy.ext.asyncio import async_sessionmaker

SessionLocal = async_sessionmaker()


async def sweep(factory, doc_id):
    async with factory() as own:
        await own.get(Doc, doc_id)


async def handler(doc_id: int) -> None:
    asyncio.create_task(sweep(SessionLocal, doc_id))
