# ruff: noqa
from models import *
import threading

from sqlalchemy.orm import scoped_session, sessionmaker

Session = scoped_session(sessionmaker())


def export(session, doc_id):
    session.get(Doc, doc_id)


def handler(doc_id: int) -> None:
    threading.Thread(target=export, args=(Session, doc_id)).start()  # expect: ORM003
