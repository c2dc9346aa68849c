# ruff: noqa
# claim: kept
"""The nested value rebuilt rather than changed: a new object at every level that changes."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.meta = {**doc.meta, "nested": {**doc.meta["nested"], "b": 2}}
    await session.commit()
