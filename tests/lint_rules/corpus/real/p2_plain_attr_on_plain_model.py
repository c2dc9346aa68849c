# ruff: noqa
# claim: lost
"""`Account.prefs` is plain JSONB (the same name is tracked on `Doc`): the key set is lost."""
from sqlalchemy.orm import Session

from schemas import Account


def example(session: Session, doc_id: int) -> None:
    account = session.get(Account, doc_id)
    account.prefs["theme"] = "dark"  # expect: ORM001
    session.commit()
