# ruff: noqa
# claim: lost
"""`sqlalchemy_utils.JSONType`: JSON on PostgreSQL, no change tracking."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.legacy["b"] = 2  # expect: ORM001
    session.commit()
