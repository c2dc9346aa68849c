# ruff: noqa
# claim: kept
"""Flag and commit inside `try`, roll back and re-raise in `except`: the committed path is flagged."""
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    try:
        doc.meta["nested"]["b"] = 2
        flag_modified(doc, "meta")
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        raise
