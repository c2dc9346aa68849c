# ruff: noqa
from models import *
import sqlalchemy as sa
from sqlalchemy.orm import Session


def save(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.meta = {**doc.meta, "k": 1}
    sa.orm.attributes.flag_modified(doc, "meat")  # expect: ORM005
    session.commit()
