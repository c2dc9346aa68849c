# ruff: noqa
# claim: lost
"""The baseline: append to a plain JSONB column and commit."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.items.append({"n": 2})  # expect: ORM001
    session.commit()
