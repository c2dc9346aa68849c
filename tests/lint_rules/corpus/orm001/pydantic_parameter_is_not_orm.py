# ruff: noqa
def f(body: MessageIn):
    body.items.append("x")
