# ruff: noqa
# claim: kept
"""`{**(account.prefs or {}), ...}`: a new dict, written."""
from sqlalchemy.orm import Session

from schemas import Account


def example(session: Session, doc_id: int) -> None:
    account = session.get(Account, doc_id)
    account.prefs = {**(account.prefs or {}), "lang": "fr"}
    session.commit()
