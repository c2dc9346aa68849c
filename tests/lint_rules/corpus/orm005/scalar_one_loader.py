# ruff: noqa
from models import *
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified


async def mark(session: AsyncSession, doc_id: int) -> None:
    doc = (await session.execute(select(Doc).where(Doc.id == doc_id))).scalar_one()
    flag_modified(doc, "setting")  # expect: ORM005
    await session.commit()
