# ruff: noqa
from models import *
from sqlalchemy import String
from sqlalchemy.orm import Mapped, Session, column_property, mapped_column
from sqlalchemy.orm.attributes import flag_modified


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    first: Mapped[str] = mapped_column(String)
    last: Mapped[str] = mapped_column(String)
    full = column_property(first + " " + last)


def mark(session: Session, person_id: int) -> None:
    person = session.get(Person, person_id)
    flag_modified(person, "full")
    session.commit()
