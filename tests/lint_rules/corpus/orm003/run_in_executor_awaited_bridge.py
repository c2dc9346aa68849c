# ruff: noqa
from models import *
import asyncio

from sqlalchemy.orm import Session


def load_title(session, doc_id):
    return session.get(Doc, doc_id).title


async def handler(session: Session, doc_id: int) -> str:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, load_title, session, doc_id)
