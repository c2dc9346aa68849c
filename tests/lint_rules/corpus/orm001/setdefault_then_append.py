# ruff: noqa
from models import *
def f(session, doc: Doc):
    doc.meta.setdefault("k", []).append(1)  # expect: ORM001, ORM001
    session.commit()
