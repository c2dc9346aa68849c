# ruff: noqa
# claim: kept
"""A retry loop: each round mutates, flags and commits; a failed round rolls back and tries again."""
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    for _attempt in range(3):
        doc = await session.get(Doc, doc_id)
        try:
            doc.items.append({"n": 2})
            flag_modified(doc, "items")
            await session.commit()
            return
        except OperationalError:
            await session.rollback()
