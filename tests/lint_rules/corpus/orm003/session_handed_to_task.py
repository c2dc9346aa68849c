# ruff: noqa
from models import *
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


async def audit(session, doc_id):
    await session.get(Doc, doc_id)


async def handler(session: AsyncSession, doc_id: int) -> None:
    asyncio.create_task(audit(session, doc_id))  # expect: ORM003
    await session.get(Doc, doc_id)
