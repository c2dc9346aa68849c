# ruff: noqa
from models import *
import threading

from sqlalchemy.orm import Session


def handler(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    threading.Thread(target=lambda: job_sync(doc_id)).start()
