# ruff: noqa
def f(session, doc):
    del doc.meta["k"]  # expect: ORM001
    session.commit()
