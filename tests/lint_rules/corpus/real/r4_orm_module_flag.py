# ruff: noqa
# claim: kept
"""`orm.attributes.flag_modified(...)` through `from sqlalchemy import orm`."""
from sqlalchemy import orm
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items.append({"n": 2})
    orm.attributes.flag_modified(doc, "items")
    await session.commit()
