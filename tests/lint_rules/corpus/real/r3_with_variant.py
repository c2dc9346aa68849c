# ruff: noqa
# claim: lost
"""`sa.JSON().with_variant(JSONB(), "postgresql")`."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.portable["b"] = 2  # expect: ORM001
    session.commit()
