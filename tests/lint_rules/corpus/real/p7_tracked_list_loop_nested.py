# ruff: noqa
# claim: lost
"""A loop over a `MutableList` changing each item: the items are not tracked."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    for tag in doc.tags:
        tag["k"] += 1  # expect: ORM004
    session.commit()
