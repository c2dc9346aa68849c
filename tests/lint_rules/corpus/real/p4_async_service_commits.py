# ruff: noqa
# claim: lost
"""An async service method that commits, called after an unflagged append."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


class DocService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def touch(self, doc: Doc) -> None:
        doc.title = doc.title + "!"
        await self.session.commit()


async def example(session: AsyncSession, doc_id: int) -> None:
    service = DocService(session)
    doc = await session.get(Doc, doc_id)
    doc.items.append({"n": 2})  # expect: ORM001
    await service.touch(doc)
