# ruff: noqa
from models import *
import asyncio


async def f(session, doc_id, now):
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    if now:
        await session.commit()
    asyncio.create_task(job(doc_id))  # expect: ORM002
