# ruff: noqa
from models import *
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


class UnitOfWork:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.after_commit = []

    async def commit(self) -> None:
        await self.session.commit()
        for hook in self.after_commit:
            asyncio.create_task(hook())


async def archive(uow: UnitOfWork, session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "archived"
    uow.after_commit.append(lambda: audit(session, doc_id))  # expect: ORM003
    await uow.commit()
