# ruff: noqa
# claim: kept
"""`agent.delay(...)` on a project object: not a task queue."""
from sqlalchemy.orm import Session

from clients import Agent
from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    agent = Agent()
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    agent.delay(doc.id)
    session.commit()
