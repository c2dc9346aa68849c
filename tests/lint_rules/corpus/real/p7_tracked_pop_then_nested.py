# ruff: noqa
# claim: kept
"""A tracked `pop` of a key, then a nested change of another: one UPDATE writes both."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.prefs.pop("theme")
    doc.prefs["nested"]["x"] = 4
    session.commit()
