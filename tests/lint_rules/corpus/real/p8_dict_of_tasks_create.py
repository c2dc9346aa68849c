# ruff: noqa
# claim: kept
"""A registry object's `create_task` that stores a description for later: no work starts."""
from sqlalchemy.orm import Session

from schemas import Doc


class JobRegistry:
    def __init__(self) -> None:
        self.jobs: dict[str, int] = {}

    def create_task(self, name: str, doc_id: int) -> None:
        self.jobs[name] = doc_id


registry = JobRegistry()


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    registry.create_task("reindex", doc.id)
    session.commit()
