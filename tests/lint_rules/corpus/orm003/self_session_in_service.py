# ruff: noqa
from models import *
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


async def audit(session, doc_id):
    await session.get(Doc, doc_id)


class DocService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def touch(self, doc_id: int) -> None:
        asyncio.create_task(audit(self.session, doc_id))  # expect: ORM003
