# ruff: noqa
from models import *
import asyncio


async def f(session, doc):
    session.add(doc)
    asyncio.create_task(job(doc.id))  # noqa
    await session.commit()
