# ruff: noqa
from models import *
from fastapi import BackgroundTasks


async def route(session, doc, background_tasks: BackgroundTasks):
    session.add(doc)
    background_tasks.add_task(job, doc.id)  # expect: ORM002
    return {"ok": True}
