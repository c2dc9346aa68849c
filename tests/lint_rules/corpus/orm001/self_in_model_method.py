# ruff: noqa
from models import *
from typing import Any

from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column


class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[list[Any]] = mapped_column(JSONB)

    def add(self, text):
        self.body.append(text)  # expect: ORM001
