# ruff: noqa
from models import *
import asyncio


async def f(session, doc):
    session.add(doc)

    def later():
        asyncio.create_task(job(doc.id))

    await session.commit()
    return later
