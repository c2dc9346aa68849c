# ruff: noqa
# claim: lost
"""`import asyncio as aio; aio.ensure_future(...)`."""
import asyncio as aio

from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc, read_doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    aio.ensure_future(read_doc(doc_id))  # expect: ORM002
    await session.commit()
