# ruff: noqa
from models import *
import asyncio


from threading import Thread


def f(session, doc):
    worker = Thread(target=job_sync, args=(doc.id,))
    session.add(doc)
    worker.start()  # expect: ORM002
    session.commit()
