# ruff: noqa
# claim: lost
"""The tracked change was committed already; the nested change after it is a new unit of work."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.tags.append({"k": 1})
    session.commit()
    doc.tags[0]["k"] = 9  # expect: ORM004
    session.commit()
