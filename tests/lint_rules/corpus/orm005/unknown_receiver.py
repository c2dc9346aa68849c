# ruff: noqa
from models import *
from sqlalchemy.orm.attributes import flag_modified


def mark(obj) -> None:
    flag_modified(obj, "whatever")
