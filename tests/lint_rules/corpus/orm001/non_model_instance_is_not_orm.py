# ruff: noqa
def f():
    msg = MessageIn(items=[])
    msg.items.append("x")
    return msg
