# ruff: noqa
from models import *
import asyncio


from sqlalchemy import select


async def f(session):
    for doc in (await session.scalars(select(Doc))).all():
        doc.title = "seen"
        await session.commit()
        asyncio.create_task(job(doc.id))
