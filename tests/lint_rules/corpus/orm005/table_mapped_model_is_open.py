# ruff: noqa
from models import *
from sqlalchemy import JSON, Column, Integer, Table
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

legacy_table = Table(
    "legacy", Base.metadata, Column("id", Integer, primary_key=True), Column("blob", JSON)
)


class Legacy(Base):
    __table__ = legacy_table


def mark(session: Session, legacy_id: int) -> None:
    legacy = session.get(Legacy, legacy_id)
    flag_modified(legacy, "blob")
    session.commit()
