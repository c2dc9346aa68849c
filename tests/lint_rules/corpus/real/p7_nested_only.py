# ruff: noqa
# claim: lost
"""Only a nested change under a `MutableDict`: not tracked."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.prefs["nested"]["x"] = 2  # expect: ORM004
    session.commit()
