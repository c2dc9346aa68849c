# ruff: noqa
# claim: kept
"""`agent.create_task(...)` is a project method that queues in memory, not `asyncio.create_task`."""
from sqlalchemy.ext.asyncio import AsyncSession

from clients import Agent
from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    agent = Agent()
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    agent.create_task(doc.id)
    await session.commit()
