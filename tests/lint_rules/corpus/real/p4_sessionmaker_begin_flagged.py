# ruff: noqa
# claim: kept
"""`with SessionLocal.begin()` and a flag inside: written when the block commits."""
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc, SessionLocal


def example(session: Session, doc_id: int) -> None:
    with SessionLocal.begin() as s:
        doc = s.get(Doc, doc_id)
        doc.items.pop()
        flag_modified(doc, "items")
