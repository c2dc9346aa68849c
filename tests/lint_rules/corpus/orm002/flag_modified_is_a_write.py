# ruff: noqa
from models import *
import asyncio


from sqlalchemy.orm.attributes import flag_modified


async def f(session, doc: Doc):
    flag_modified(doc, "items")
    asyncio.create_task(job(doc.id))  # expect: ORM002
    await session.commit()
