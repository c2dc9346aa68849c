# ruff: noqa
from models import *
import asyncio


from sqlalchemy import select


async def f(session, doc_id):
    doc = (await session.execute(select(Doc).where(Doc.id == doc_id))).scalar_one()
    doc.title = "new"
    asyncio.create_task(job(doc_id))  # expect: ORM002
    await session.commit()
