# ruff: noqa
from models import *
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import flag_modified


class Report(Doc):
    __tablename__ = "report"
    id: Mapped[int] = mapped_column(ForeignKey("doc.id"), primary_key=True)
    sections: Mapped[list[Any]] = mapped_column(JSONB)


def mark(session: Session, doc: Doc) -> None:
    flag_modified(doc, "sections")
    session.commit()
