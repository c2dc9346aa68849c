# ruff: noqa
# claim: kept
"""A new pydantic value assigned (`model_copy(update=...)`): written."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.stats = doc.stats.model_copy(update={"level": doc.stats.level + 1})
    session.commit()
