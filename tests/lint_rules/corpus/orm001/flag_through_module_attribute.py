# ruff: noqa
from models import *
from sqlalchemy.orm import attributes


async def f(session, doc: Doc):
    doc.items.append(1)
    attributes.flag_modified(doc, "items")
    await session.commit()
