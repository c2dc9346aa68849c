# ruff: noqa
# claim: kept
"""An `after_commit` listener registered in the handler sends the task."""
from sqlalchemy import event
from sqlalchemy.orm import Session

from schemas import Doc, refresh_doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"

    @event.listens_for(session, "after_commit", once=True)
    def send(_session) -> None:
        refresh_doc.delay(doc_id)

    session.commit()
