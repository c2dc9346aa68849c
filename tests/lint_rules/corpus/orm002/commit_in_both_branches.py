# ruff: noqa
from models import *
import asyncio


async def f(session, doc_id, rename):
    doc = await session.get(Doc, doc_id)
    if rename:
        doc.title = "new"
        await session.commit()
    else:
        await session.rollback()
    asyncio.create_task(job(doc_id))
