# ruff: noqa
# claim: kept
"""The baseline fixed: append, then flag_modified, then commit."""
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


async def example(session, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.items.append({"n": 2})
    flag_modified(doc, "items")
    await session.commit()
