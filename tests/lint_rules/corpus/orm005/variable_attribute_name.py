# ruff: noqa
from models import *
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified


def mark(session: Session, doc_id: int, name: str) -> None:
    doc = session.get(Doc, doc_id)
    flag_modified(doc, name)
    session.commit()
