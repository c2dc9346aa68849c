# ruff: noqa
# claim: lost
"""A `TaskGroup` task started before the commit inside the group."""
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc, read_doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    async with asyncio.TaskGroup() as group:
        group.create_task(read_doc(doc_id))  # expect: ORM002
        await session.commit()
