# ruff: noqa
# claim: lost
"""A loop over `doc.items[:]` changing each item, then the list assigned back equal."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    items = doc.items[:]
    for item in items:
        item["seen"] = True  # expect: ORM001
    doc.items = items
    session.commit()
