# ruff: noqa
from models import *
import asyncio


def f(session, doc, executor):
    session.merge(doc)
    executor.submit(job_sync, doc.id)  # expect: ORM002
    session.commit()
