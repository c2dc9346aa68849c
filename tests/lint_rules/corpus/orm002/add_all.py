# ruff: noqa
from models import *
import asyncio


async def f(session, docs):
    session.add_all(docs)
    asyncio.create_task(job(0))  # expect: ORM002
    await session.commit()
