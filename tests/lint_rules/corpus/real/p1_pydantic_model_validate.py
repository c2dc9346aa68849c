# ruff: noqa
# claim: none
"""`model_validate` gives a pydantic object: its lists are Python lists, nothing tracks them."""
from typing import Any

from schemas import DocIn


def normalise(payload: dict[str, Any]) -> dict[str, Any]:
    data = DocIn.model_validate(payload)
    data.items.sort(key=str)
    data.prefs.setdefault("theme", "light")
    return data.model_dump()
