# ruff: noqa
# claim: lost
"""A FastAPI-style `get_db` that commits after its `yield`: the handler's unflagged change is lost."""
from collections.abc import Iterator

from sqlalchemy.orm import Session

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
    doc.items.append({"n": 2})  # expect: ORM001
    return {"count": len(doc.items)}


def example(session: Session, doc_id: int) -> None:
    dependency = get_db()
    db = next(dependency)
    add_item(doc_id, db)
    next(dependency, None)
