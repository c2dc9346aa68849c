# ruff: noqa
# claim: kept
"""The job reads accounts; the pending write is a document's title."""
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc, read_account


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    asyncio.create_task(read_account(1))
    await session.commit()
