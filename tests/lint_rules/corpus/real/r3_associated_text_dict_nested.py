# ruff: noqa
# claim: lost
"""The same column: a nested change is not tracked."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.notes["nested"]["x"] = 2  # expect: ORM004
    await session.commit()
