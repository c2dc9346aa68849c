# ruff: noqa
from models import *
async def f(session, doc: Doc):
    doc.meta["count"] += 1  # expect: ORM001
    await session.commit()
