# ruff: noqa
from models import *
import asyncio


from sqlalchemy import delete


async def f(session, doc_id):
    stmt = delete(Doc).where(Doc.id == doc_id)
    await session.execute(stmt)
    asyncio.create_task(job(doc_id))  # expect: ORM002
    await session.commit()
