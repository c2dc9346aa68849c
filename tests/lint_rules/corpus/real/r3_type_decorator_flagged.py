# ruff: noqa
# claim: kept
"""The same column, flagged."""
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.blob["seen"] = True
    flag_modified(doc, "blob")
    session.commit()
