# ruff: noqa
from models import *
async def f(session, doc_id):
    doc = await session.get(Doc, doc_id)
    doc.items.append(1)
    flag_modified(doc, "items")
    await session.commit()
