# ruff: noqa
from models import *
import asyncio


async def f(settings):
    settings.title = "x"
    asyncio.create_task(job(0))
