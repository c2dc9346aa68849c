# ruff: noqa
# claim: lost
"""`save(obj, db)` whose body commits, called after an unflagged key set."""
from sqlalchemy.orm import Session

from schemas import Account


def save(obj, db: Session) -> None:
    db.add(obj)
    db.commit()


def example(session: Session, doc_id: int) -> None:
    account = session.get(Account, doc_id)
    account.prefs["beta"] = True  # expect: ORM001
    save(account, session)
