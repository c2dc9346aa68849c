# ruff: noqa
from models import *
from sqlalchemy import Column, Integer
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator


class Payload(TypeDecorator):
    impl = JSONB
    cache_ok = True


class Event(Base):
    __tablename__ = "event"
    id = Column(Integer, primary_key=True)
    body = Column(Payload)


def f(session, event: Event):
    event.body["seen"] = True  # expect: ORM001
    session.commit()
