# ruff: noqa
# claim: lost
"""A task given nothing that selects the model with a pending write."""
from sqlalchemy.orm import Session

from schemas import Doc, refresh_all


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    refresh_all.delay()  # expect: ORM002
    session.commit()
