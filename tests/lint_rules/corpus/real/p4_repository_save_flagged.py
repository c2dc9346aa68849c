# ruff: noqa
# claim: kept
"""The same repository, with the flag before `save` commits."""
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc


class DocRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, doc: Doc) -> Doc:
        self.session.add(doc)
        self.session.commit()
        return doc


def example(session: Session, doc_id: int) -> None:
    repo = DocRepository(session)
    doc = session.get(Doc, doc_id)
    doc.items.append({"n": 2})
    flag_modified(doc, "items")
    repo.save(doc)
