# ruff: noqa
# claim: none
"""The row is expunged first: later changes are a scratch copy, never flushed."""
from sqlalchemy.orm import Session

from schemas import Doc


def scratch_copy(session: Session, doc_id: int) -> Doc:
    doc = session.get(Doc, doc_id)
    session.expunge(doc)
    doc.items.append({"scratch": True})
    return doc
