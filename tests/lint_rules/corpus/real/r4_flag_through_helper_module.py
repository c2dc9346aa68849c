# ruff: noqa
# claim: kept
"""A project helper module re-exports `flag_modified`; called module-qualified."""
from sqlalchemy.orm import Session
from sqlalchemy.orm import attributes as orm_attributes

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.extra.update({"b": 2})
    orm_attributes.flag_modified(doc, "extra")
    session.commit()
