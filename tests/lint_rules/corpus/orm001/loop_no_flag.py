# ruff: noqa
from models import *
def f(session, doc: Doc, xs):
    for x in xs:
        doc.items.extend(x)  # expect: ORM001
    session.commit()
