# ruff: noqa
from models import *
async def f(session, doc: Doc):
    doc.meta = {**doc.meta, "k": 1}
    await session.commit()
