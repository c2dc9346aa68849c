# ruff: noqa
# claim: lost
"""The alias tracks only the top level: a nested change is lost."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.tags[0]["k"] = 1  # expect: ORM004
    await session.commit()
