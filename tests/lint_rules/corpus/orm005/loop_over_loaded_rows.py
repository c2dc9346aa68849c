# ruff: noqa
from models import *
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified


def mark_all(session: Session) -> None:
    for doc in session.scalars(select(Doc)).all():
        flag_modified(doc, "item")  # expect: ORM005
    session.commit()
