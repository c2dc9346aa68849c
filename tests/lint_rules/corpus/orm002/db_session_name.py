# ruff: noqa
from models import *
import asyncio


def f(db, doc):
    db.add(doc)
    send_email.delay(doc.id)  # expect: ORM002
    db.commit()
