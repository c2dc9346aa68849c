# ruff: noqa
# claim: lost
"""A column declared on a mixin (`AuditMixin.audit`)."""
from sqlalchemy.ext.asyncio import AsyncSession

from schemas import Doc


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.audit.append({"event": "viewed"})  # expect: ORM001
    await session.commit()
