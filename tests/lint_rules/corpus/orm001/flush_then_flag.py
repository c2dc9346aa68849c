# ruff: noqa
from models import *
async def f(session, doc: Doc):
    doc.items.append(1)
    await session.flush()
    flag_modified(doc, "items")
    await session.commit()
