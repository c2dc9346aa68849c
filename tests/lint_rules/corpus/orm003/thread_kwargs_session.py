# ruff: noqa
from models import *
import threading

from sqlalchemy.orm import Session


def export(doc_id, session):
    session.get(Doc, doc_id)


def handler(session: Session, doc_id: int) -> None:
    worker = threading.Thread(target=export, kwargs={"doc_id": doc_id, "session": session})
    worker.start()  # expect: ORM003
