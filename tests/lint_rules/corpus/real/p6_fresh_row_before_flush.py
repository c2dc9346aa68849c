# ruff: noqa
# claim: kept
"""A row added and changed before its first flush: the INSERT takes the current value."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = Doc(id=2, title="fresh", items=[], meta={})
    session.add(doc)
    doc.items.append({"n": 1})
    doc.meta["created"] = True
    session.commit()
