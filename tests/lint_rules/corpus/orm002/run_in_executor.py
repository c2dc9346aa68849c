# ruff: noqa
from models import *
import asyncio


async def f(session, doc):
    session.add(doc)
    loop = asyncio.get_running_loop()
    fut = loop.run_in_executor(None, job_sync, doc.id)  # expect: ORM002
    await session.commit()
    await fut
