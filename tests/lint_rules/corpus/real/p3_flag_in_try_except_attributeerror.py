# ruff: noqa
# claim: kept
"""`flag_modified` guarded by `except AttributeError`: it runs after the mutation on every normal path."""
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.items.append({"n": 2})
    try:
        flag_modified(doc, "items")
    except AttributeError:
        pass
    session.commit()
