# ruff: noqa
# claim: kept
"""The same with a coroutine: the new row's values go to the job, not the row."""
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Account, send_email


async def example(session: AsyncSession, doc_id: int) -> None:
    address = "new@example.com"
    session.add(Account(id=2, email=address))
    asyncio.create_task(send_email(address))
    await session.commit()
