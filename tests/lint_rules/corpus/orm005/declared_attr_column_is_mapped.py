# ruff: noqa
from models import *
from sqlalchemy import JSON, Column
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column
from sqlalchemy.orm.attributes import flag_modified


class Event(Base):
    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)

    @declared_attr
    def payload(cls):
        return Column(JSON)


def mark(session: Session, event_id: int) -> None:
    event = session.get(Event, event_id)
    flag_modified(event, "payload")
    session.commit()
