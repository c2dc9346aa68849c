# ruff: noqa
# claim: lost
"""`nested = doc.meta.get("nested")`, mutated: the column's nested dict changes in place."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    nested = doc.meta.get("nested")
    nested["b"] = 3  # expect: ORM001
    session.commit()
