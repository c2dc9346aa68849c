# ruff: noqa
from models import *
def f(session, doc: Doc, child):
    doc.children.append(child)
    session.commit()
