# ruff: noqa
def f(session, doc: Doc):
    doc.items.append(1)
    doc.items = ["reset"]
    session.commit()
