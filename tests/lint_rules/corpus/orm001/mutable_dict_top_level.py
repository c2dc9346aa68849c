# ruff: noqa
from models import *
async def f(session, doc: Doc):
    doc.settings["theme"] = "dark"
    doc.settings.update(lang="en")
    await session.commit()
