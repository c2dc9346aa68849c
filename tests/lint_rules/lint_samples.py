"""Small projects the linter tests share: a JSON model, a buggy handler, a correct one."""

MODELS = """\
from sqlalchemy import Column, Integer
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Doc(Base):
    __tablename__ = "doc"
    id = Column(Integer, primary_key=True)
    data = Column(pg.JSONB)
"""
BAD = """\
import asyncio


async def add(session, doc_id, m):
    doc = await session.get(Doc, doc_id)
    doc.data.append(m)
    asyncio.create_task(job(doc_id))
    await session.commit()
"""
GOOD = """\
from sqlalchemy.orm.attributes import flag_modified


async def add(session, doc_id, m):
    doc = await session.get(Doc, doc_id)
    doc.data.append(m)
    flag_modified(doc, "data")
    await session.commit()
"""
