# ruff: noqa
# claim: lost
"""A task handed the row's id before the commit: a fast worker reads the old row."""
from sqlalchemy.orm import Session

from schemas import Doc, refresh_doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    refresh_doc.delay(doc.id)  # expect: ORM002
    session.commit()
