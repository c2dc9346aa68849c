# ruff: noqa
from models import *
import asyncio


async def f(session):
    doc = Doc()
    doc.title = "draft"
    asyncio.create_task(job(0))  # expect: ORM002
    session.add(doc)
    await session.commit()
