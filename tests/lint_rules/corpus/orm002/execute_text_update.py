# ruff: noqa
from models import *
import asyncio


from sqlalchemy import text


async def f(session):
    await session.execute(text("UPDATE doc SET title = 'x'"))
    asyncio.create_task(job(0))  # expect: ORM002
    await session.commit()
