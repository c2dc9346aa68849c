# ruff: noqa
# claim: lost
"""`spawn(fn, *args)` wraps a thread; called before the commit."""
import threading

from sqlalchemy.orm import Session

from schemas import Doc, read_doc_sync


def spawn(fn, *args) -> threading.Thread:
    thread = threading.Thread(target=fn, args=args, daemon=True)
    thread.start()
    return thread


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    spawn(read_doc_sync, doc.id)  # expect: ORM002
    session.commit()
