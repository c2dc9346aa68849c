# ruff: noqa
from models import *
from sqlalchemy.orm.attributes import flag_modified


def mark(body: MessageIn) -> None:
    flag_modified(body, "itemz")
