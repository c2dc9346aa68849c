# ruff: noqa
# claim: lost
"""A pydantic body and a row in one handler: only the row's in-place change is lost."""
from sqlalchemy.orm import Session

from schemas import Doc, DocIn


def example(session: Session, doc_id: int) -> None:
    body = DocIn(items=[{"n": 9}])
    body.items.append({"n": 10})
    doc = session.get(Doc, doc_id)
    doc.items.extend(body.items)  # expect: ORM001
    session.commit()
