# ruff: noqa
from models import *
import asyncio


async def f(session, doc):
    session.add(doc)
    asyncio.ensure_future(job(doc.id))  # expect: ORM002
    await session.commit()
