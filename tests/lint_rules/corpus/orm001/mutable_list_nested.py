# ruff: noqa
from models import *
async def f(session, doc: Doc):
    doc.tags[0]["k"] = 1  # expect: ORM004
    await session.commit()
