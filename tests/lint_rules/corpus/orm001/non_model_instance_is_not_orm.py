# ruff: noqa
from models import *
def f():
    msg = MessageIn(items=[])
    msg.items.append("x")
    return msg
