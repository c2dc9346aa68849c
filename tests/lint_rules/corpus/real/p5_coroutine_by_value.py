# ruff: noqa
# claim: kept
"""`create_task(send_email(account.email))` before the commit: the coroutine gets a string."""
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Account, send_email


async def example(session: AsyncSession, doc_id: int) -> None:
    account = await session.get(Account, doc_id)
    account.email = "new@example.com"
    asyncio.create_task(send_email(account.email))
    await session.commit()
