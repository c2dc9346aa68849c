# ruff: noqa
# claim: lost
"""A task created in a handler whose commit happens in the dependency's teardown."""
import asyncio
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession

from schemas import AsyncSessionLocal, Doc, read_doc


async def get_session() -> AsyncIterator[AsyncSession]:
    async with AsyncSessionLocal() as session:
        yield session
        await session.commit()


async def rename(doc_id: int, session: AsyncSession) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    asyncio.create_task(read_doc(doc_id))  # expect: ORM002


async def example(session: AsyncSession, doc_id: int) -> None:
    dependency = get_session()
    own = await anext(dependency)
    await rename(doc_id, own)
    await anext(dependency, None)
