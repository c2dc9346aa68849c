# ruff: noqa
from models import *
def f(session, doc: Doc, ok):
    doc.items.append(1)  # expect: ORM001
    if not ok:
        return
    flag_modified(doc, "items")
    session.commit()
