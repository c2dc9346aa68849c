# ruff: noqa
# claim: kept
"""The row takes the body's list object, which is appended to before the flush: the INSERT/UPDATE writes it."""
from sqlalchemy.orm import Session

from schemas import Doc, DocIn


def example(session: Session, doc_id: int) -> None:
    body = DocIn(items=[{"n": 3}])
    doc = session.get(Doc, doc_id)
    doc.items = body.items
    body.items.append({"n": 4})
    session.commit()
