# ruff: noqa
from models import *
import asyncio


def f(session, doc):
    session.add(doc)
    send_email.delay(doc.id)  # expect: ORM002
    session.commit()
