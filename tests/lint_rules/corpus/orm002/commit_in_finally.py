# ruff: noqa
from models import *
import asyncio


async def f(session, doc_id):
    doc = await session.get(Doc, doc_id)
    try:
        doc.title = "new"
    finally:
        await session.commit()
    asyncio.create_task(job(doc_id))
