# ruff: noqa
# claim: kept
"""A scheduler class declared in the module, with a `create_task` method that only records."""
from sqlalchemy.orm import Session

from schemas import Doc


class Scheduler:
    def __init__(self) -> None:
        self.pending: list[int] = []

    def create_task(self, doc_id: int) -> None:
        self.pending.append(doc_id)


def example(session: Session, doc_id: int) -> None:
    scheduler = Scheduler()
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    scheduler.create_task(doc.id)
    session.commit()
