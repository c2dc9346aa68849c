# ruff: noqa
# claim: lost
"""The id goes through a local first."""
from sqlalchemy.orm import Session

from schemas import Doc, refresh_doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.items = [*doc.items, {"n": 2}]
    target = doc.id
    refresh_doc.apply_async(args=(target,))  # expect: ORM002
    session.commit()
