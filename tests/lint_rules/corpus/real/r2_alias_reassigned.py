# ruff: noqa
# claim: lost
"""`items = doc.items`, append, `doc.items = items`: the same list object."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    items = doc.items
    items.append({"n": 2})  # expect: ORM001
    doc.items = items
    await session.commit()
