# ruff: noqa
from models import *
import asyncio


async def f(session, doc_id):
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    await session.commit()
    asyncio.create_task(job(doc_id))
