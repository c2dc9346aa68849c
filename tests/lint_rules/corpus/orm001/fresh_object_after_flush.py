# ruff: noqa
from models import *
async def f(session):
    doc = Doc(title="t", items=[], meta={})
    session.add(doc)
    await session.flush()
    doc.items.append(1)  # expect: ORM001
    await session.commit()
