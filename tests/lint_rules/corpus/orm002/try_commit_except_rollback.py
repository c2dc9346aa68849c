# ruff: noqa
from models import *
import asyncio


async def f(session, doc):
    try:
        session.add(doc)
        await session.commit()
    except Exception:
        await session.rollback()
        raise
    asyncio.create_task(job(doc.id))
