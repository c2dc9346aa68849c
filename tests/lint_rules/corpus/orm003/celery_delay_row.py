# ruff: noqa
from models import *
from celery import shared_task
from sqlalchemy.orm import Session


@shared_task
def reindex(doc):
    print(doc.title)


def handler(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    reindex.delay(doc)  # expect: ORM003
