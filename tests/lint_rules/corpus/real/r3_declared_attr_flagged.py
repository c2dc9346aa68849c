# ruff: noqa
# claim: kept
"""The `declared_attr` column, flagged."""
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.extra["b"] = 2
    flag_modified(doc, "extra")
    session.commit()
