# ruff: noqa
from models import *
from celery import shared_task
from sqlalchemy.orm import Session


@shared_task
def reindex(doc_id):
    print(doc_id)


def handler(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    reindex.apply_async(args=(doc.id,), countdown=5)
