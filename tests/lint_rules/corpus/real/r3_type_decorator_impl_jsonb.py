# ruff: noqa
# claim: lost
"""A `TypeDecorator` named `Blob` whose `impl` is JSONB."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.blob["seen"] = True  # expect: ORM001
    session.commit()
