# ruff: noqa
from models import *
async def f(session, doc: Doc, m):
    doc.items = [*doc.items, m]
    await session.commit()
