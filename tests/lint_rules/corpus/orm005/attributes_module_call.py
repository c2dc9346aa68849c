# ruff: noqa
from models import *
from sqlalchemy.orm import Session, attributes


def save(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.meta = {**doc.meta, "k": 1}
    attributes.flag_modified(doc, "metas")  # expect: ORM005
    session.commit()
