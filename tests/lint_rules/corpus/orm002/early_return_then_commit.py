# ruff: noqa
from models import *
import asyncio


async def f(session, doc_id):
    doc = await session.get(Doc, doc_id)
    if doc is None:
        return
    doc.title = "new"
    await session.commit()
    asyncio.create_task(job(doc_id))
