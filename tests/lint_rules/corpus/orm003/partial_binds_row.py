# ruff: noqa
from models import *
import functools
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.orm import Session


def render(doc, fmt):
    return doc.title


def handler(session: Session, executor: ThreadPoolExecutor, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    executor.submit(functools.partial(render, doc, "pdf"))  # expect: ORM003
