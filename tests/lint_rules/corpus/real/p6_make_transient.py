# ruff: noqa
# claim: none
"""`make_transient` turns the row into a new object (a clone): the clone is never added here."""
from sqlalchemy.orm import Session, make_transient

from schemas import Doc


def clone(session: Session, doc_id: int) -> Doc:
    doc = session.get(Doc, doc_id)
    session.expunge(doc)
    make_transient(doc)
    doc.id = None
    doc.items.append({"cloned": True})
    return doc
