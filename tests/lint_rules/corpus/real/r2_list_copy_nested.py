# ruff: noqa
# claim: lost
"""`list(doc.items)`, change an item, assign back: the items are shared."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    items = list(doc.items)
    items[0]["n"] = 5  # expect: ORM001
    doc.items = items
    await session.commit()
