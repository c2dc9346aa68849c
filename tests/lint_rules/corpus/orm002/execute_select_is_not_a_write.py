# ruff: noqa
from models import *
import asyncio


from sqlalchemy import select


async def f(session):
    rows = (await session.execute(select(Doc))).scalars().all()
    asyncio.create_task(job(len(rows)))
