# ruff: noqa
from models import *
async def f(session, doc: Doc, ok):
    doc.items.append(1)
    if ok:
        flag_modified(doc, "items")
    else:
        save_items(doc)
    await session.commit()
