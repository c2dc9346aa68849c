# ruff: noqa
# claim: none
"""Loaded in `with SessionLocal() as s:`; changed after the block closed the session."""
from schemas import Doc, SessionLocal


def load_for_display(doc_id: int) -> Doc:
    with SessionLocal() as s:
        doc = s.get(Doc, doc_id)
    doc.items.append({"display": True})
    doc.meta["rendered"] = True
    return doc
