# ruff: noqa
# claim: none
"""A row built in memory and returned (a preview): it never reaches the database."""
from schemas import Doc


def preview(title: str) -> Doc:
    doc = Doc(title=title, items=[], meta={})
    doc.items.append({"preview": True})
    doc.meta["draft"] = True
    return doc
