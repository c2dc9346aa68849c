# ruff: noqa
# claim: lost
"""`.copy()` is shallow too."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    meta = doc.meta.copy()
    meta["nested"]["b"] = 7  # expect: ORM001
    doc.meta = meta
    session.commit()
