# ruff: noqa
from models import *
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified as mark_changed


def save(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.meta = {**doc.meta, "k": 1}
    mark_changed(doc, "mets")  # expect: ORM005
    session.commit()
