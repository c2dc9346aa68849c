# ruff: noqa
# claim: lost
"""`Record.meta` on an abstract base, typed JSONB through the base's `type_annotation_map`."""
from sqlalchemy.orm import Session

from schemas import Account


def example(session: Session, doc_id: int) -> None:
    account = session.get(Account, doc_id)
    account.meta["b"] = 2  # expect: ORM001
    session.commit()
