# ruff: noqa
from models import *
import asyncio


def f(session, doc):
    session.delete(doc)
    send_email.apply_async(args=(doc.id,))  # expect: ORM002
    session.commit()
