# ruff: noqa
# claim: kept
"""The nested change first, a tracked top-level change after: the whole value is still written."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.prefs["nested"]["x"] = 3
    doc.prefs["updated"] = True
    session.commit()
