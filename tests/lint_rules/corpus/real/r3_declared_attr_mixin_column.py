# ruff: noqa
# claim: lost
"""A `@declared_attr` column of a mixin (`AuditMixin.extra`)."""
from sqlalchemy.orm import Session

from schemas import Doc


def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.extra["b"] = 2  # expect: ORM001
    session.commit()
