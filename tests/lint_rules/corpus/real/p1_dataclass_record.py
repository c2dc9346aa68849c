# ruff: noqa
# claim: none
"""A dataclass with list fields: plain Python objects."""
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Draft:
    items: list[Any] = field(default_factory=list)
    prefs: dict[str, Any] = field(default_factory=dict)


def add_line(draft: Draft, line: str) -> Draft:
    draft.items.append(line)
    draft.prefs["dirty"] = True
    return draft
