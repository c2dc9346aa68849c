# ruff: noqa
# claim: lost
"""A pydantic model stored in a JSON column: `doc.stats.level += 1` changes it in place."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.stats.level += 1  # expect: ORM001
    session.commit()
