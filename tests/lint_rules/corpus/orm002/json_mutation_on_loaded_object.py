# ruff: noqa
from models import *
import asyncio


async def f(session, doc_id):
    doc = await session.get(Doc, doc_id)
    doc.items.append(1)  # expect: ORM001
    asyncio.create_task(job(doc_id))  # expect: ORM002
    await session.commit()
