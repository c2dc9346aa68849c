# ruff: noqa
from models import *
from sqlalchemy.orm.attributes import flag_modified


def mark(interview: Interview) -> None:
    flag_modified(interview, "conversation")  # expect: ORM005
