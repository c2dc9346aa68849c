# ruff: noqa
# claim: kept
"""`list(doc.items)` with an append: the new list is longer, the UPDATE happens."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    items = list(doc.items)
    items.append({"n": 2})
    doc.items = items
    session.commit()
