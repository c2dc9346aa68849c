# ruff: noqa
from models import *
async def f(session, doc: Doc):
    doc.items.append(1)  # expect: ORM001
    flag_modified(doc, "meta")
    await session.commit()
