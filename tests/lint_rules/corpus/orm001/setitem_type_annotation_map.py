# ruff: noqa
from models import *
async def f(session, doc_id):
    doc = await session.get(Doc, doc_id)
    doc.meta["k"] = 1  # expect: ORM001
    await session.commit()
