# ruff: noqa
import asyncio


def f(session, doc):
    session.add(doc)
    session.commit()
    send_email.delay(doc.id)
