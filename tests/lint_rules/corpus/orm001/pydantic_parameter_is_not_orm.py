# ruff: noqa
from models import *
def f(body: MessageIn):
    body.items.append("x")
