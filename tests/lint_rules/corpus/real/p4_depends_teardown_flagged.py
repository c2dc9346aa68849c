# ruff: noqa
# claim: kept
"""The same dependency; the handler flags, and the teardown's commit writes the change."""
from collections.abc import Iterator

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc, SessionLocal


def get_db() -> Iterator[Session]:
    db = SessionLocal()
    try:
        yield db
        db.commit()
    finally:
        db.close()


def add_item(doc_id: int, db: Session) -> dict:
    doc = db.get(Doc, doc_id)
    doc.items.append({"n": 2})
    flag_modified(doc, "items")
    return {"count": len(doc.items)}


def example(session: Session, doc_id: int) -> None:
    dependency = get_db()
    db = next(dependency)
    add_item(doc_id, db)
    next(dependency, None)
