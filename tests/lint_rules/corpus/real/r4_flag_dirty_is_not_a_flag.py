# ruff: noqa
# claim: lost
"""`flag_dirty` marks the object, not the attribute: no UPDATE of the column."""
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_dirty

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.items.append({"n": 2})  # expect: ORM001
    flag_dirty(doc)
    session.commit()
