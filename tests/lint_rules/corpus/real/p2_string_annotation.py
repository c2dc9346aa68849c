# ruff: noqa
# claim: lost
"""A parameter annotated with the model's name as a string (a forward reference)."""
from sqlalchemy.orm import Session

from schemas import Doc


def retitle(session: Session, doc: "Doc") -> None:
    doc.items.append({"renamed": True})  # expect: ORM001
    session.commit()


def example(session: Session, doc_id: int) -> None:
    retitle(session, session.get(Doc, doc_id))
