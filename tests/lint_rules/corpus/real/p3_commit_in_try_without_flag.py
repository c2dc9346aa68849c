# ruff: noqa
# claim: lost
"""Commit inside `try` with a rollback handler, but no flag: the committed path loses the change."""
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    try:
        doc.items.append({"n": 2})  # expect: ORM001
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        raise
