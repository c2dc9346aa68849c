# ruff: noqa
from models import *
import asyncio


async def f(cart, item):
    cart.add(item)
    asyncio.create_task(job(0))
