# ruff: noqa
# claim: lost
"""A task created inside `async with session.begin():` runs before the block commits."""
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc, read_doc


async def example(session: AsyncSession, doc_id: int) -> None:
    async with session.begin():
        doc = await session.get(Doc, doc_id)
        doc.title = "new"
        asyncio.ensure_future(read_doc(doc.id))  # expect: ORM002
