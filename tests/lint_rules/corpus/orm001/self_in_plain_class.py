# ruff: noqa
from models import *
class Cart:
    def __init__(self):
        self.items = []

    def add(self, x):
        self.items.append(x)
