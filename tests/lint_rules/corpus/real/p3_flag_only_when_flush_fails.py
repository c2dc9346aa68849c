# ruff: noqa
# claim: lost
"""The flag is only in the handler of a flush that succeeds: the commit writes nothing."""
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.items.append({"n": 2})  # expect: ORM001
    try:
        session.flush()
    except SQLAlchemyError:
        flag_modified(doc, "items")
    session.commit()
