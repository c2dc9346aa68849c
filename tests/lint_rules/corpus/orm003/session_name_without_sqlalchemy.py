# ruff: noqa
from models import *
import asyncio


async def fetch(session, url):
    return await session.get(url)


async def crawl(session, url):
    asyncio.create_task(fetch(session, url))
