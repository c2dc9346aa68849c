# ruff: noqa
from models import *
import threading

from sqlalchemy.orm import Session


def export(doc):
    print(doc.items)


def handler(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    threading.Thread(target=export, args=(doc,)).start()  # expect: ORM003
