# ruff: noqa
from models import *
def f(session, doc: Doc):
    doc.items.append(1)  # expect: ORM001
    session.commit()
    flag_modified(doc, "items")
