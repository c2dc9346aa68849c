# ruff: noqa
# claim: lost
"""A helper sets a key in its parameter's JSON column; the caller commits."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Account


def set_preference(account, key: str, value: object) -> None:
    account.prefs[key] = value


async def example(session: AsyncSession, doc_id: int) -> None:
    account = await session.get(Account, doc_id)
    set_preference(account, "lang", "fr")  # expect: ORM001
    await session.commit()
