# ruff: noqa
from models import *
import threading

from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker()


def export(factory, doc_id):
    with factory() as own:
        own.get(Doc, doc_id)


def handler(doc_id: int) -> None:
    threading.Thread(target=export, args=(SessionLocal, doc_id)).start()
