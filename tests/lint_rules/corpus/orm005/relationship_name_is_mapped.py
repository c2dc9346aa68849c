# ruff: noqa
from models import *
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified


def touch_children(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    flag_modified(doc, "children")
    session.commit()
