# ruff: noqa
from models import *
def f(session, doc: Doc, ok):
    doc.items.append(1)
    if not ok:
        raise ValueError("rolled back")
    flag_modified(doc, "items")
    session.commit()
