# ruff: noqa
# claim: none
"""An async session block that never commits: the change is thrown away with the session."""
from schemas import AsyncSessionLocal, Doc


async def peek(doc_id: int) -> int:
    async with AsyncSessionLocal() as session:
        doc = await session.get(Doc, doc_id)
        doc.items.append({"peek": True})
        return len(doc.items)
