# ruff: noqa
from models import *
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


async def announce(doc):
    print(doc.title)


async def create(session: AsyncSession) -> None:
    doc = Doc(title="new", items=[], meta={}, tags=[], settings={})
    session.add(doc)
    await session.commit()
    asyncio.create_task(announce(doc))  # expect: ORM003
