# ruff: noqa
async def f(session, doc: Doc):
    doc.meta = {**doc.meta, "k": 1}
    await session.commit()
