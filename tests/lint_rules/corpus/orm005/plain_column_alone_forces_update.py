# ruff: noqa
from models import *
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified


async def bump(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    flag_modified(doc, "title")
    await session.commit()
