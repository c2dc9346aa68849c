# ruff: noqa
# claim: kept
"""`mutable.MutableDict.as_mutable(JSONB)` through a module-level alias: top-level changes are tracked."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.prefs["theme"] = "dark"
    del doc.prefs["nested"]
    session.commit()
