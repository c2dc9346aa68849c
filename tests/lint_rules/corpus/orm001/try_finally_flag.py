# ruff: noqa
from models import *
async def f(session, doc: Doc):
    try:
        doc.items.insert(0, 1)
    finally:
        flag_modified(doc, "items")
    await session.commit()
