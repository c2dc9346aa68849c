# ruff: noqa
# claim: none
"""A deep copy of the column is changed and returned: the row is untouched on purpose."""
import copy

from sqlalchemy.orm import Session

from schemas import Doc


def redacted(session: Session, doc_id: int) -> list:
    doc = session.get(Doc, doc_id)
    items = copy.deepcopy(doc.items)
    for item in items:
        item["n"] = None
    items.append({"redacted": True})
    return items
