# ruff: noqa
# claim: kept
"""The same column, flagged."""
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.body.update({"b": 2})
    flag_modified(doc, "body")
    await session.commit()
