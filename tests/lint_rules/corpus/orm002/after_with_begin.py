# ruff: noqa
from models import *
import asyncio


async def f(session, doc_id):
    async with session.begin():
        doc = await session.get(Doc, doc_id)
        doc.title = "new"
    asyncio.create_task(job(doc_id))
