# ruff: noqa
# claim: lost
"""`setdefault(...).append(...)` changes the column's dict in place."""
from sqlalchemy.orm import Session

from schemas import Account


def example(session: Session, doc_id: int) -> None:
    account = session.get(Account, doc_id)
    account.prefs.setdefault("history", []).append("login")  # expect: ORM001, ORM001
    session.commit()
