# ruff: noqa
from models import *
import asyncio


import threading


def f(session, doc):
    with session.begin():
        session.add(doc)
        threading.Thread(target=job_sync).start()  # expect: ORM002
