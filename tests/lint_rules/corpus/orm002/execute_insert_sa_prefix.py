# ruff: noqa
from models import *
import asyncio


import sqlalchemy as sa


async def f(session):
    await session.execute(sa.insert(Doc).values(title="x"))
    asyncio.create_task(job(0))  # expect: ORM002
    await session.commit()
