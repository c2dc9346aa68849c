# ruff: noqa
# claim: lost
"""`start_processing(doc.id)` spawns inside; called before the commit."""
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc, read_doc


def start_processing(doc_id: int) -> None:
    asyncio.create_task(read_doc(doc_id))


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    start_processing(doc.id)  # expect: ORM002
    await session.commit()
