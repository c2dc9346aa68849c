# ruff: noqa
# claim: kept
"""`self.agent.create_task(...)` on a field typed with a project class."""
from sqlalchemy.ext.asyncio import AsyncSession

from clients import Agent
from schemas import Doc


class Planner:
    def __init__(self, session: AsyncSession, agent: Agent) -> None:
        self.session = session
        self.agent = agent

    async def plan(self, doc_id: int) -> None:
        doc = await self.session.get(Doc, doc_id)
        doc.title = "new"
        self.agent.create_task({"doc": doc.id})
        await self.session.commit()


async def example(session: AsyncSession, doc_id: int) -> None:
    await Planner(session, Agent()).plan(doc_id)
