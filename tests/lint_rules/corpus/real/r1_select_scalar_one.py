# ruff: noqa
# claim: lost
"""A row from `execute(select(...))` then `.scalar_one()`, in two steps."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    result = session.execute(select(Doc).where(Doc.id == doc_id))
    doc = result.scalar_one()
    doc.items.append({"n": 2})  # expect: ORM001
    session.commit()
