# ruff: noqa
from models import *
import asyncio

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession


async def fetch(session, url):
    async with session.get(url) as response:
        return await response.text()


async def crawl(db: AsyncSession, urls: list[str]) -> None:
    async with aiohttp.ClientSession() as session:
        for url in urls:
            asyncio.create_task(fetch(session, url))
