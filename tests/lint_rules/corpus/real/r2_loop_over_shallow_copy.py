# ruff: noqa
# claim: lost
"""A loop over `list(doc.items)` changing each item: the items are the column's own."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    for item in list(doc.items):
        item["n"] += 1  # expect: ORM001
    session.commit()
