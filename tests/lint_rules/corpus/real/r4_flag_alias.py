# ruff: noqa
# claim: kept
"""`flag_modified` imported under another name."""
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified as mark_changed

from schemas import Account


def example(session: Session, doc_id: int) -> None:
    account = session.get(Account, doc_id)
    account.prefs["lang"] = "fr"
    mark_changed(account, "prefs")
    session.commit()
