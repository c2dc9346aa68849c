# ruff: noqa
# claim: lost
"""Appending to a list field of the stored pydantic model."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.stats.badges.append("first")  # expect: ORM001
    await session.commit()
