# ruff: noqa
from models import *
import threading

from sqlalchemy.orm import Session


def handler(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)

    def work():
        print(doc.items)

    threading.Thread(target=work).start()  # expect: ORM003
