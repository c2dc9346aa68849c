# ruff: noqa
# claim: lost
"""A repository method adds and flushes; the caller spawns before the commit."""
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc, read_doc


class DocRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, title: str) -> Doc:
        doc = Doc(id=2, title=title)
        self.session.add(doc)
        await self.session.flush()
        return doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await DocRepository(session).create("new")
    asyncio.create_task(read_doc(doc.id))  # expect: ORM002
    await session.commit()
