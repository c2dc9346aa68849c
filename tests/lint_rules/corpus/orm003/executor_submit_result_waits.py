# ruff: noqa
from models import *
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.orm import Session

pool = ThreadPoolExecutor(4)


def render(doc):
    return doc.title


def handler(session: Session, doc_id: int) -> str:
    doc = session.get(Doc, doc_id)
    return pool.submit(render, doc).result()
