# ruff: noqa
# claim: kept
"""A welcome mail given the address by value: it reads nothing the commit could change."""
from sqlalchemy.orm import Session

from schemas import Account, welcome


def example(session: Session, doc_id: int) -> None:
    account = session.get(Account, doc_id)
    account.email = "new@example.com"
    welcome.delay(account.email)
    session.commit()
