# ruff: noqa
from models import *
async def f(session, a: Doc, b: Doc):
    a.items.append(1)  # expect: ORM001
    flag_modified(b, "items")
    await session.commit()
