# ruff: noqa
from models import *
def f(session, doc: Doc, xs):
    for x in xs:
        doc.items.append(x)
    flag_modified(doc, "items")
    session.commit()
