# ruff: noqa
from models import *
async def f(session, doc: Doc):
    doc.settings["ui"]["theme"] = "dark"
    flag_modified(doc, "settings")
    await session.commit()
