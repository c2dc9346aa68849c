# ruff: noqa
from models import *
async def f(session, doc: Doc, m):
    items = list(doc.items)
    items.append(m)
    doc.items = items
    await session.commit()
