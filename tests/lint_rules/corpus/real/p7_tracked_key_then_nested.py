# ruff: noqa
# claim: kept
"""A tracked top-level key set on a `MutableDict`, then a nested change."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.prefs["theme"] = "dark"
    doc.prefs["nested"]["x"] = 2
    await session.commit()
