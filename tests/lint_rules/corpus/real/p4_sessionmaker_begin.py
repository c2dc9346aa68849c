# ruff: noqa
# claim: lost
"""`with SessionLocal.begin() as s:` commits when the block ends."""
from sqlalchemy.orm import Session

from schemas import Doc, SessionLocal


def example(session: Session, doc_id: int) -> None:
    with SessionLocal.begin() as s:
        doc = s.get(Doc, doc_id)
        doc.items.pop()  # expect: ORM001
