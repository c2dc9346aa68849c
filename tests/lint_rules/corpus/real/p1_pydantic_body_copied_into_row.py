# ruff: noqa
# claim: kept
"""The body is filled in, then copied into a new row: the INSERT takes the values."""
from sqlalchemy.orm import Session

from schemas import Doc, DocIn


def example(session: Session, doc_id: int) -> None:
    body = DocIn(title="from api")
    body.items.append({"n": 7})
    body.prefs.update({"theme": "dark"})
    session.add(Doc(id=2, title=body.title, items=body.items, prefs=body.prefs))
    session.commit()
