# ruff: noqa
# claim: lost
"""A unit-of-work class whose `__exit__` commits."""
from sqlalchemy.orm import Session

from schemas import Doc, SessionLocal


class UnitOfWork:
    def __enter__(self) -> "UnitOfWork":
        self.session = SessionLocal()
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.session.commit()
        self.session.close()


def example(session: Session, doc_id: int) -> None:
    with UnitOfWork() as uow:
        doc = uow.session.get(Doc, doc_id)
        doc.items.append({"n": 2})  # expect: ORM001
