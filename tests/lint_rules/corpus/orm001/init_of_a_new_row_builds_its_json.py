# ruff: noqa
from models import *


class Note(Doc):
    """A row being constructed is not in any session yet: its INSERT carries the final value."""

    def __init__(self, extra, **kwargs):
        super().__init__(**kwargs)
        self.meta |= extra
        self.items.append("created")
