# ruff: noqa
# claim: kept
"""A validation failure rolls back (discarding the pending change) and returns; the other path flags."""
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items.append({"n": 2})
    if len(doc.items) > 100:
        await session.rollback()
        return
    flag_modified(doc, "items")
    await session.commit()
