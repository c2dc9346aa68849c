# ruff: noqa
# claim: kept
"""A new list assigned, then appended to before the flush: the UPDATE writes the final list."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items = []
    doc.items.append({"n": 1})
    doc.items.append({"n": 2})
    await session.commit()
