# ruff: noqa
# claim: lost
"""A row from `session.scalars(select(...)).first()`."""
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = (await session.scalars(select(Doc).where(Doc.id == doc_id))).first()
    doc.meta["a"] = 2  # expect: ORM001
    await session.commit()
