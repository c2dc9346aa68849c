# ruff: noqa
from models import *
from fastapi import BackgroundTasks
from sqlalchemy.orm import Session


def send_receipt(doc):
    print(doc.title)


def finish(session: Session, background_tasks: BackgroundTasks, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "done"
    session.commit()
    background_tasks.add_task(send_receipt, doc)  # expect: ORM003
