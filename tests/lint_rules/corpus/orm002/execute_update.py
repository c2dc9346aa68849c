# ruff: noqa
from models import *
import asyncio


from sqlalchemy import update


async def f(session, doc_id):
    await session.execute(update(Doc).where(Doc.id == doc_id).values(title="x"))
    asyncio.create_task(job(doc_id))  # expect: ORM002
    await session.commit()
