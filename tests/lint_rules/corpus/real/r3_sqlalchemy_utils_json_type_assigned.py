# ruff: noqa
# claim: kept
"""`JSONType` with a new dict assigned."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.legacy = {**doc.legacy, "b": 2}
    session.commit()
