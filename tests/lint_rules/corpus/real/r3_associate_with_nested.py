# ruff: noqa
# claim: lost
"""`associate_with` tracks only the top level too."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.settings["nested"]["x"] = 2  # expect: ORM004
    session.commit()
