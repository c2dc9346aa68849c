# ruff: noqa
from models import *
async def f(session, doc: Doc):
    doc.meta["k"] = 1  # expect: ORM001
    touch(doc, "items")
    await session.commit()
