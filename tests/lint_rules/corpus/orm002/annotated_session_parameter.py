# ruff: noqa
from models import *
import asyncio


from sqlalchemy.ext.asyncio import AsyncSession


async def f(uow: AsyncSession, doc):
    uow.add(doc)
    asyncio.create_task(job(doc.id))  # expect: ORM002
    await uow.commit()
