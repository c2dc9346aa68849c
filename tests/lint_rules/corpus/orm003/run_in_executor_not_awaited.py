# ruff: noqa
from models import *
import asyncio

from sqlalchemy.orm import Session


def render(doc):
    return doc.title


async def handler(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    loop = asyncio.get_running_loop()
    loop.run_in_executor(None, render, doc)  # expect: ORM003
