# ruff: noqa
# claim: lost
"""A service method mutates the row it is given; the route commits."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


class DocService:
    def record(self, doc: Doc, event: str) -> None:
        doc.audit.append({"event": event})  # expect: ORM001


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    DocService().record(doc, "viewed")
    await session.commit()
