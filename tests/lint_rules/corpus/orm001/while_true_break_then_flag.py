# ruff: noqa
from models import *
def f(session, doc: Doc):
    while True:
        doc.items.append(1)
        if len(doc.items) > 3:
            break
    flag_modified(doc, "items")
    session.commit()
