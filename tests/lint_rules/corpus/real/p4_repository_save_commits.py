# ruff: noqa
# claim: lost
"""A repository whose `save` adds and commits: the caller's unflagged append is lost there."""
from sqlalchemy.orm import Session

from schemas import Doc


class DocRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, doc_id: int) -> Doc | None:
        return self.session.get(Doc, doc_id)

    def save(self, doc: Doc) -> Doc:
        self.session.add(doc)
        self.session.commit()
        return doc


def example(session: Session, doc_id: int) -> None:
    repo = DocRepository(session)
    doc = repo.get(doc_id)
    doc.items.append({"n": 2})  # expect: ORM001
    repo.save(doc)
