# ruff: noqa
from models import *
async def f(session, doc: Doc):
    doc.items.append(1)
    save_items(doc)
    await session.commit()
