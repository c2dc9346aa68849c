# ruff: noqa
from models import *
def f(session, doc: Doc):
    doc.items.sort()  # expect: ORM001
    session.commit()
