# ruff: noqa
# claim: lost
"""`from asyncio import create_task as spawn`: the alias is still `asyncio.create_task`."""
from asyncio import create_task as spawn

from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc, read_doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    spawn(read_doc(doc_id))  # expect: ORM002
    await session.commit()
