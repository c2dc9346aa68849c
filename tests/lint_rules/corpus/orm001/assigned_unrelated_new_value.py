# ruff: noqa
from models import *
def f(session, doc: Doc):
    doc.items.append(1)
    doc.items = ["reset"]
    session.commit()
