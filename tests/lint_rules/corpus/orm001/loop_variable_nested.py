# ruff: noqa
from models import *
def f(session, doc: Doc):
    for message in doc.items:
        message["read"] = True  # expect: ORM001
    session.commit()
