# ruff: noqa
from models import *
async def f(session, doc: Doc, name):
    doc.items.append(1)
    flag_modified(doc, name)
    await session.commit()
