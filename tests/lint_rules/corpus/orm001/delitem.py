# ruff: noqa
from models import *
def f(session, doc: Doc):
    del doc.meta["k"]  # expect: ORM001
    session.commit()
