# ruff: noqa
# claim: none
"""A test that changes a row in memory and asserts on it, never committing."""
from sqlalchemy.orm import Session

from schemas import Doc


def test_items_can_grow(session: Session) -> None:
    doc = session.get(Doc, 1)
    doc.items.append({"n": 2})
    assert len(doc.items) == 2
