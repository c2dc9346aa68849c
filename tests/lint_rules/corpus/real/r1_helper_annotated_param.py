# ruff: noqa
# claim: lost
"""A helper typed with the model mutates its parameter: reported in the helper."""
from sqlalchemy.orm import Session

from schemas import Doc


def add_note(doc: Doc, note: str) -> None:
    doc.items.append({"note": note})  # expect: ORM001


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    add_note(doc, "hello")
    session.commit()
