# ruff: noqa
from models import *
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified


def save(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.meta["k"] = 1
    flag_modified(doc, "meta")
    session.commit()
