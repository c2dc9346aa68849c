# ruff: noqa
# claim: kept
"""The stored pydantic model changed in place and flagged."""
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.stats.level = 5
    flag_modified(doc, "stats")
    session.commit()
