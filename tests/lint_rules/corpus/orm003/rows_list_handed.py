# ruff: noqa
from models import *
import asyncio

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


async def digest(docs):
    print([d.title for d in docs])


async def handler(session: AsyncSession) -> None:
    docs = (await session.scalars(select(Doc))).all()
    asyncio.create_task(digest(docs))  # expect: ORM003
