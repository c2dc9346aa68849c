# ruff: noqa
# claim: kept
"""`MutableDict.associate_with(AssociatedJSON)` makes the column's top level tracked."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.settings["mode"] = "b"
    session.commit()
