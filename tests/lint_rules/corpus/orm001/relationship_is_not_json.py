# ruff: noqa
def f(session, doc: Doc, child):
    doc.children.append(child)
    session.commit()
