# ruff: noqa
# claim: none
"""The session is closed first: the row is detached and nothing can flush it."""
from sqlalchemy.orm import Session

from schemas import Doc


def snapshot(session: Session, doc_id: int) -> Doc:
    doc = session.get(Doc, doc_id)
    session.close()
    doc.items.append({"snapshot": True})
    return doc
