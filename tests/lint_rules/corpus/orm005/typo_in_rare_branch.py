# ruff: noqa
from models import *
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified


def save(session: Session, doc_id: int, reset: bool) -> None:
    doc = session.get(Doc, doc_id)
    if reset:
        doc.meta = {}
        flag_modified(doc, "meta_data")  # expect: ORM005
    session.commit()
