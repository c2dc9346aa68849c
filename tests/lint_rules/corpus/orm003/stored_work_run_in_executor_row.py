# ruff: noqa
from models import *
import asyncio
from collections.abc import Callable

from sqlalchemy.orm import Session


class Batch:
    after_commit: list[Callable[[], None]]

    def __init__(self) -> None:
        self.after_commit = []


async def flush_batch(session: Session, batch: Batch) -> None:
    session.commit()
    loop = asyncio.get_running_loop()
    for work in batch.after_commit:
        loop.run_in_executor(None, work)


def touch(session: Session, batch: Batch, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "touched"

    def thumbnail() -> None:
        render_thumbnail(doc.items)

    batch.after_commit.append(thumbnail)  # expect: ORM003
