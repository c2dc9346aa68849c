# ruff: noqa
from models import *
async def f(session, doc_id):
    async with session.begin():
        doc = await session.get(Doc, doc_id)
        doc.items.pop()  # expect: ORM001
