# ruff: noqa
from models import *
from fastapi import BackgroundTasks, Depends
from sqlalchemy.orm import Session


def get_db():
    yield None


def cleanup(db, doc_id):
    db.get(Doc, doc_id)


def route(doc_id: int, background_tasks: BackgroundTasks, db: Session = Depends(get_db)) -> None:
    background_tasks.add_task(cleanup, db, doc_id)  # expect: ORM003
