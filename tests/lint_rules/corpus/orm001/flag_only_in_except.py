# ruff: noqa
from models import *
async def f(session, doc: Doc):
    try:
        doc.items.remove(1)  # expect: ORM001
    except ValueError:
        flag_modified(doc, "items")
    await session.commit()
