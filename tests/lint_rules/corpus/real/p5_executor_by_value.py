# ruff: noqa
# claim: kept
"""An executor given the address by value."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.orm import Session

from schemas import Account, send_email_sync

executor = ThreadPoolExecutor(max_workers=1)


def example(session: Session, doc_id: int) -> None:
    account = session.get(Account, doc_id)
    account.email = "new@example.com"
    executor.submit(send_email_sync, account.email)
    session.commit()
