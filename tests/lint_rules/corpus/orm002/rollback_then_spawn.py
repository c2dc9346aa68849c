# ruff: noqa
from models import *
import asyncio


async def f(session, doc):
    session.add(doc)
    await session.rollback()
    asyncio.create_task(job(doc.id))
