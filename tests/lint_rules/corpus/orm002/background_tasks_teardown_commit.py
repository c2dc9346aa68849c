# ruff: noqa
from models import *
from fastapi import BackgroundTasks, Depends


async def get_db():
    async with SessionLocal() as session:
        yield session
        await session.commit()


async def route(doc: Doc, background_tasks: BackgroundTasks, session=Depends(get_db)):
    session.add(doc)
    background_tasks.add_task(job, doc.id)  # expect: ORM002
    return {"ok": True}
