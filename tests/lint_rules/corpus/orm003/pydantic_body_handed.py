# ruff: noqa
from models import *
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


async def deliver(message):
    print(message.items)


async def handler(session: AsyncSession, body: MessageIn) -> None:
    asyncio.create_task(deliver(body))
