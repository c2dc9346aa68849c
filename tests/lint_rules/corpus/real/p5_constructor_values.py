# ruff: noqa
# claim: kept
"""A new row built from values, and a task given one of those values."""
from sqlalchemy.orm import Session

from schemas import Account, welcome


def example(session: Session, doc_id: int) -> None:
    address = "new@example.com"
    account = Account(id=2, email=address, prefs={})
    session.add(account)
    welcome.delay(address)
    session.commit()
