# ruff: noqa
# claim: lost
"""A helper appends to its (unannotated) parameter's JSON column; the caller commits."""
from sqlalchemy.orm import Session

from schemas import Doc


def add_note(doc, note: str) -> None:
    doc.items.append({"note": note})


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    add_note(doc, "hello")  # expect: ORM001
    session.commit()
