# ruff: noqa
from models import *
def f(session, doc: Doc, xs):
    for x in xs:
        doc.items.append(x)  # expect: ORM001
        if x:
            continue
        flag_modified(doc, "items")
    session.commit()
