# ruff: noqa
from models import *
import asyncio


async def route(session, doc, background_tasks):
    session.add(doc)
    await session.commit()
    background_tasks.add_task(job, doc.id)
