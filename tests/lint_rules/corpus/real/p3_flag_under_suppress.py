# ruff: noqa
# claim: kept
"""`with suppress(...)` around the flag: the body runs, the flag happens."""
from contextlib import suppress

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.meta["a"] = 2
    with suppress(KeyError):
        flag_modified(doc, "meta")
    session.commit()
