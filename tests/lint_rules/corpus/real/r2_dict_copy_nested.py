# ruff: noqa
# claim: lost
"""`dict(doc.meta)` is shallow: the nested change is the column's own, assigned back equal."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    meta = dict(doc.meta)
    meta["nested"]["b"] = 2  # expect: ORM001
    doc.meta = meta
    session.commit()
