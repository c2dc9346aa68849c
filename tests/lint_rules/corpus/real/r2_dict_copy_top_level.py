# ruff: noqa
# claim: kept
"""`dict(doc.meta)` with a new top-level key: the copy differs, the UPDATE happens."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    meta = dict(doc.meta)
    meta["c"] = 3
    doc.meta = meta
    session.commit()
