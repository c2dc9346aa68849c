# ruff: noqa
# claim: lost
"""A `TypeDecorator` over `Text` whose `load_dialect_impl` returns JSONB on PostgreSQL."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.body.update({"b": 2})  # expect: ORM001
    await session.commit()
