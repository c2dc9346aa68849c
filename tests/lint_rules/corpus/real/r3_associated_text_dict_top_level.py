# ruff: noqa
# claim: kept
"""A dict stored as JSON text, made mutable by `associate_with`: a top-level key set is tracked."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.notes["second"] = "b"
    session.commit()
