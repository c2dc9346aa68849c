# ruff: noqa
# claim: lost
"""`loop.create_task` on the running loop is `asyncio.create_task`."""
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc, read_doc


async def example(session: AsyncSession, doc_id: int) -> None:
    loop = asyncio.get_running_loop()
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    loop.create_task(read_doc(doc.id))  # expect: ORM002
    await session.commit()
