# ruff: noqa
# claim: lost
"""A `@contextmanager` unit of work that commits on exit: the change inside the block is lost there."""
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from schemas import Doc, SessionLocal


@contextmanager
def unit_of_work() -> Iterator[Session]:
    session = SessionLocal()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def example(session: Session, doc_id: int) -> None:
    with unit_of_work() as uow:
        doc = uow.get(Doc, doc_id)
        doc.meta["nested"]["b"] = 2  # expect: ORM001
