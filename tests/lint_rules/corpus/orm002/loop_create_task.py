# ruff: noqa
from models import *
import asyncio


async def f(session, doc):
    session.add(doc)
    loop = asyncio.get_running_loop()
    loop.create_task(job(doc.id))  # expect: ORM002
    await session.commit()
