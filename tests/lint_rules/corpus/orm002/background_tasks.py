# ruff: noqa
from models import *
import asyncio


from fastapi import BackgroundTasks


async def route(session, doc, background_tasks: BackgroundTasks):
    session.add(doc)
    background_tasks.add_task(job, doc.id)  # runs after the function returns: committed by then
    await session.commit()
