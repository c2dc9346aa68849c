# ruff: noqa
# claim: kept
"""`MutableList.as_mutable(pg.JSONB)` through an alias: an append is tracked."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.tags.append({"k": 1})
    await session.commit()
