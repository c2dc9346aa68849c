# ruff: noqa
# claim: kept
"""The alias mutated, then the attribute flagged."""
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Account


def example(session: Session, doc_id: int) -> None:
    account = session.get(Account, doc_id)
    prefs = account.prefs
    prefs["lang"] = "fr"
    flag_modified(account, "prefs")
    session.commit()
