# ruff: noqa
# claim: kept
"""The helper mutates, the caller flags after calling it."""
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


def add_note(doc, note: str) -> None:
    doc.items.append({"note": note})


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    add_note(doc, "hello")
    flag_modified(doc, "items")
    session.commit()
