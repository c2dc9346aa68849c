# ruff: noqa
from models import *
import asyncio


import threading


def f(session, doc):
    session.add(doc)
    threading.Thread(target=job_sync, args=(doc.id,)).start()  # expect: ORM002
    session.commit()
