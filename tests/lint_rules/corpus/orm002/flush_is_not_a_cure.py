# ruff: noqa
from models import *
import asyncio


async def f(session, doc):
    session.add(doc)
    await session.flush()
    asyncio.create_task(job(doc.id))  # expect: ORM002
    await session.commit()
