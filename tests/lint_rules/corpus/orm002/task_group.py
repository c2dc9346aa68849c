# ruff: noqa
from models import *
import asyncio


async def f(session, doc):
    session.add(doc)
    async with asyncio.TaskGroup() as tg:
        tg.create_task(job(doc.id))  # expect: ORM002
        await session.commit()
