# ruff: noqa
from models import *
import asyncio


class Service:
    async def create(self, doc):
        self.session.add(doc)
        await self.uow.commit()
        asyncio.create_task(job(doc.id))
