# ruff: noqa
from models import *
import asyncio


async def f(session_factory, doc):
    async with session_factory() as sess:
        sess.add(doc)
        asyncio.create_task(job(doc.id))  # expect: ORM002
        await sess.commit()
