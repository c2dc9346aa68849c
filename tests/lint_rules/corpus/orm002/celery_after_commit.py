# ruff: noqa
from models import *
import asyncio


def f(session, doc):
    session.add(doc)
    session.commit()
    send_email.delay(doc.id)
