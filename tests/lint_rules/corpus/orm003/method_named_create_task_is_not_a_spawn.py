# ruff: noqa
from models import *
from sqlalchemy.ext.asyncio import AsyncSession


class Agent:
    def create_task(self, doc):
        return doc.title


class Service:
    def __init__(self) -> None:
        self.agent = Agent()

    async def run(self, session: AsyncSession, doc_id: int) -> None:
        doc = await session.get(Doc, doc_id)
        self.agent.create_task(doc)
