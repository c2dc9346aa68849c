# ruff: noqa
# claim: lost
"""The job gets the key the row was loaded by, not the row."""
import threading

from sqlalchemy.orm import Session

from schemas import Doc, read_doc_sync


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    threading.Thread(target=read_doc_sync, args=(doc_id,)).start()  # expect: ORM002
    session.commit()
