# ruff: noqa
from models import *
async def f(session, doc: Doc, ok):
    doc.items.append(1)  # expect: ORM001
    if ok:
        flag_modified(doc, "items")
    await session.commit()
