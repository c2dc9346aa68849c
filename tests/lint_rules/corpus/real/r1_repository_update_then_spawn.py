# ruff: noqa
# claim: lost
"""A repository method that changes a row without committing, then a spawn."""
from sqlalchemy.orm import Session

from schemas import Doc, refresh_doc


class DocRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def rename(self, doc_id: int, title: str) -> Doc:
        doc = self.session.get(Doc, doc_id)
        doc.title = title
        self.session.flush()
        return doc


def example(session: Session, doc_id: int) -> None:
    doc = DocRepository(session).rename(doc_id, "new")
    refresh_doc.delay(doc.id)  # expect: ORM002
    session.commit()
