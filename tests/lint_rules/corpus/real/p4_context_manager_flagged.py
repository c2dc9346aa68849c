# ruff: noqa
# claim: kept
"""The same unit of work, flagged inside the block."""
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from schemas import Doc, SessionLocal


@contextmanager
def unit_of_work() -> Iterator[Session]:
    session = SessionLocal()
    try:
        yield session
        session.commit()
    finally:
        session.close()


def example(session: Session, doc_id: int) -> None:
    with unit_of_work() as uow:
        doc = uow.get(Doc, doc_id)
        doc.meta["nested"]["b"] = 2
        flag_modified(doc, "meta")
