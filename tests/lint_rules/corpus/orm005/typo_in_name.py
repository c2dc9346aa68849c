# ruff: noqa
from models import *
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified


async def rename(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items = [*doc.items, "x"]
    flag_modified(doc, "item")  # expect: ORM005
    await session.commit()
