# ruff: noqa
# claim: kept
"""A task class whose `apply_async` waits for the commit (`base=AfterCommitTask`)."""
from sqlalchemy.orm import Session

from schemas import Doc, db, reindex_doc


def example(session: Session, doc_id: int) -> None:
    doc = db.get(Doc, doc_id)
    doc.title = "new"
    reindex_doc.delay(doc.id)
    db.commit()
