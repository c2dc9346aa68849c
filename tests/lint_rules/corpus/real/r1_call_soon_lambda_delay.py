# ruff: noqa
# claim: lost
"""A queued lambda that sends a task: it runs at the loop's next turn, inside the commit's awaits."""
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc, refresh_doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    loop = asyncio.get_running_loop()
    loop.call_soon(lambda: refresh_doc.delay(doc_id))  # expect: ORM002
    await session.commit()
