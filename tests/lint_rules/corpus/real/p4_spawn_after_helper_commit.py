# ruff: noqa
# claim: kept
"""The write is committed by a helper before the task is sent."""
from sqlalchemy.orm import Session

from schemas import Doc, refresh_doc


def commit_or_rollback(session: Session) -> None:
    try:
        session.commit()
    except Exception:
        session.rollback()
        raise


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    commit_or_rollback(session)
    refresh_doc.delay(doc.id)
