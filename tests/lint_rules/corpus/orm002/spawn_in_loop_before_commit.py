# ruff: noqa
from models import *
import asyncio


async def f(session, docs):
    for doc in docs:
        session.add(doc)
        asyncio.create_task(job(doc.id))  # expect: ORM002
    await session.commit()
