# ruff: noqa
from models import *
import threading

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def export(session, doc_id):
    session.get(Doc, doc_id)


def handler(doc_id: int) -> None:
    threading.Thread(target=export, args=(db.session, doc_id)).start()  # expect: ORM003
