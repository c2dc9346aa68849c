# ruff: noqa
# claim: lost
"""`prefs = account.prefs or {}`, mutate, assign back: the same object, no change seen."""
from sqlalchemy.orm import Session

from schemas import Account


def example(session: Session, doc_id: int) -> None:
    account = session.get(Account, doc_id)
    prefs = account.prefs or {}
    prefs["lang"] = "fr"  # expect: ORM001
    account.prefs = prefs
    session.commit()
