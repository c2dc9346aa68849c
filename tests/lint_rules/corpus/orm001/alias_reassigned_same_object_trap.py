# ruff: noqa
from models import *
async def f(session, doc: Doc, m):
    msgs = doc.items
    msgs.append(m)  # expect: ORM001
    doc.items = msgs
    await session.commit()
