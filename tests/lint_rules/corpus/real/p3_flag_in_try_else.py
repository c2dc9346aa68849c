# ruff: noqa
# claim: kept
"""The mutation in `try`, the flag in its `else`: an exception returns before anything is committed."""
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    try:
        doc.meta["count"] = int("3")
    except ValueError:
        return
    else:
        flag_modified(doc, "meta")
    session.commit()
