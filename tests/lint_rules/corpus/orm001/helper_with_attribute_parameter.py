# ruff: noqa
from models import *
async def f(session, doc: Doc):
    doc.items.append(1)
    touch(doc, "items")
    await session.commit()
