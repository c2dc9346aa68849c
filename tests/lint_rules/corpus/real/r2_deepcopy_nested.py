# ruff: noqa
# claim: kept
"""`copy.deepcopy` then a nested change: a different value, written."""
import copy

from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    meta = copy.deepcopy(doc.meta)
    meta["nested"]["b"] = 2
    doc.meta = meta
    session.commit()
