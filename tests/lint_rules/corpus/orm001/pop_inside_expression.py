# ruff: noqa
from models import *
def f(session, doc: Doc):
    first = doc.items.pop(0)  # expect: ORM001
    session.commit()
    return first
