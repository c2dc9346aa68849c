# ruff: noqa
# claim: lost
"""`items += [...]` through an alias, then assigned back."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    items = doc.items
    items += [{"n": 2}]  # expect: ORM001
    doc.items = items
    session.commit()
