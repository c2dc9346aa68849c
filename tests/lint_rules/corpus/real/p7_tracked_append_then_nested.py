# ruff: noqa
# claim: kept
"""A tracked top-level append, then a nested change: the flush writes the whole list."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.tags.append({"k": 1})
    doc.tags[0]["k"] = 5
    session.commit()
