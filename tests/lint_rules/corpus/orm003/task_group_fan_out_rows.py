# ruff: noqa
from models import *
import asyncio

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


async def refresh(doc):
    print(doc.children)


async def handler(session: AsyncSession) -> None:
    docs = (await session.scalars(select(Doc))).all()
    async with asyncio.TaskGroup() as tg:
        for doc in docs:
            tg.create_task(refresh(doc))  # expect: ORM003
