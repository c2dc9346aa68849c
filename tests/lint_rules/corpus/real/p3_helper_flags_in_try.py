# ruff: noqa
# claim: kept
"""A project helper that flags and commits inside `try` (rollback and re-raise on error)."""
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


def persist_items(session: Session, doc: Doc) -> None:
    try:
        flag_modified(doc, "items")
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        raise


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.items.append({"n": 2})
    persist_items(session, doc)
