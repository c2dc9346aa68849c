# ruff: noqa
from models import *
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified


async def add_item(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items.append("x")
    flag_modified(doc, "items")
    flag_modified(doc, "title")
    await session.commit()
