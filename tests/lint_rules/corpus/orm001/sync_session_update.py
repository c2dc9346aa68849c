# ruff: noqa
from models import *
from sqlalchemy.orm import Session


def f(session: Session, doc_id: int):
    doc = session.get(Doc, doc_id)
    doc.meta.update({"k": 1})  # expect: ORM001
    session.commit()
