# ruff: noqa
from models import *
async def f(session, doc: Doc, ok):
    if ok:
        doc.items.append(1)
    elif doc.title:
        doc.items.clear()
    flag_modified(doc, "items")
    await session.commit()
