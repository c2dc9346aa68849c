# ruff: noqa
from models import *
from typing import Any

from sqlalchemy import String
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import flag_modified


class Tagged(Base):
    __tablename__ = "tagged"
    id: Mapped[int] = mapped_column(primary_key=True)
    labels: Mapped[list[str]] = mapped_column(ARRAY(String))
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)


def relabel(session: Session, tagged_id: int) -> None:
    tagged = session.get(Tagged, tagged_id)
    tagged.labels.append("x")
    tagged.data["k"] = 1  # expect: ORM001
    flag_modified(tagged, "labels")
    session.commit()
