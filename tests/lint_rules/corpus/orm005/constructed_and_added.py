# ruff: noqa
from models import *
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified


def create(session: Session) -> None:
    doc = Doc(title="t", items=[], meta={}, tags=[], settings={})
    session.add(doc)
    flag_modified(doc, "itemz")  # expect: ORM005
    session.commit()
