# ruff: noqa
from models import *
import asyncio

from fastapi import Depends


async def get_db():
    async with SessionLocal() as session:
        yield session
        await session.commit()


async def route(doc: Doc, session=Depends(get_db)):
    session.add(doc)
    asyncio.create_task(job(doc.id))  # expect: ORM002
    return {"ok": True}
