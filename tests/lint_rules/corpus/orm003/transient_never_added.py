# ruff: noqa
from models import *
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


async def preview(doc):
    print(doc.title)


async def handler(session: AsyncSession) -> None:
    draft = Doc(title="draft", items=[], meta={}, tags=[], settings={})
    asyncio.create_task(preview(draft))
