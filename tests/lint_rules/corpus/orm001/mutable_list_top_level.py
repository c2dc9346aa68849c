# ruff: noqa
from models import *
async def f(session, doc: Doc):
    doc.tags.append("x")
    doc.tags[0] = "y"
    await session.commit()
