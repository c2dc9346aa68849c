# ruff: noqa
from models import *
async def f(session, doc: Doc, m):
    doc.items.append(m)  # expect: ORM001
    doc.items = list(doc.items)
    await session.commit()
