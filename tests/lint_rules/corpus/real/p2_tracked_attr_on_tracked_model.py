# ruff: noqa
# claim: kept
"""`Doc.prefs` is a `MutableDict`: a top-level key set is tracked (`Account.prefs` is plain, but this is a `Doc`)."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.prefs["theme"] = "dark"
    session.commit()
