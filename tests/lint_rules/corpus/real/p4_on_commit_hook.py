# ruff: noqa
# claim: kept
"""The task is sent from an after-commit hook: it starts once the commit is done."""
from sqlalchemy.orm import Session

from schemas import Doc, on_commit, refresh_doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    on_commit(session, lambda: refresh_doc.delay(doc.id))
    session.commit()
