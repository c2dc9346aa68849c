# ruff: noqa
from models import *
import asyncio


async def f(session, doc_id):
    doc = await session.get(Doc, doc_id)
    asyncio.create_task(job(doc.id))
