# ruff: noqa
# claim: lost
"""A coroutine handed the id of a row written but not committed."""
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc, read_doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    asyncio.create_task(read_doc(doc.id))  # expect: ORM002
    await session.commit()
