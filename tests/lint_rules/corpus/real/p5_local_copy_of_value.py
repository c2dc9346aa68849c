# ruff: noqa
# claim: kept
"""The value is copied to a local first, then handed to the task."""
from sqlalchemy.orm import Session

from schemas import Account, welcome


def example(session: Session, doc_id: int) -> None:
    account = session.get(Account, doc_id)
    account.email = "new@example.com"
    address = account.email
    welcome.delay(address)
    session.commit()
