# ruff: noqa
from models import *
def f(session, doc: Doc):
    ordered = sorted(doc.items)
    snapshot = doc.items.copy()
    doc.title = str(len(doc.meta.get("k", [])))
    session.commit()
    return ordered, snapshot
