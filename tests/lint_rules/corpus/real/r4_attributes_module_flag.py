# ruff: noqa
# claim: kept
"""`attributes.flag_modified(...)` through `from sqlalchemy.orm import attributes`."""
from sqlalchemy.orm import Session, attributes

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.items.append({"n": 2})
    attributes.flag_modified(doc, "items")
    session.commit()
