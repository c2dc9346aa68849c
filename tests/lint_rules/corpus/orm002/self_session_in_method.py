# ruff: noqa
from models import *
import asyncio


class Service:
    async def create(self, doc):
        self.session.add(doc)
        asyncio.create_task(job(doc.id))  # expect: ORM002
        await self.session.commit()
