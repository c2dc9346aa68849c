# ruff: noqa
from models import *
import asyncio


import anyio


async def f(session, doc):
    session.add(doc)
    async with anyio.create_task_group() as tg:
        tg.start_soon(job, doc.id)  # expect: ORM002
    await session.commit()
