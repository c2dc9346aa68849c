# ruff: noqa
from models import *
async def f(session):
    doc = Doc(title="t", items=[], meta={})
    doc.items.append(1)
    session.add(doc)
    await session.commit()
