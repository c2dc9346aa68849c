# ruff: noqa
# claim: kept
"""A thread given the address by value."""
import threading

from sqlalchemy.orm import Session

from schemas import Account, send_email_sync


def example(session: Session, doc_id: int) -> None:
    account = session.get(Account, doc_id)
    account.email = "new@example.com"
    threading.Thread(target=send_email_sync, args=(account.email,)).start()
    session.commit()
