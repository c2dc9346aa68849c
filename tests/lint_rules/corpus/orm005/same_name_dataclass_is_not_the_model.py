# ruff: noqa
from models import *
from dataclasses import dataclass

from sqlalchemy.orm.attributes import flag_modified


@dataclass
class Doc:
    body: dict


def mark(doc: Doc) -> None:
    flag_modified(doc, "whatever")
