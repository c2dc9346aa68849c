# ruff: noqa
# claim: kept
"""A plain JSON column flagged first, then changed in place before the flush: all of it is written."""
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    flag_modified(doc, "items")
    doc.items[0]["n"] = 2
    session.commit()
