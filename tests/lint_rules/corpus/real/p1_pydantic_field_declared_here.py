# ruff: noqa
# claim: none
"""A settings model declared with `Field(...)` in the same file: a pydantic class, never a table."""
from typing import Any

from pydantic import BaseModel, Field


class Preferences(BaseModel):
    data: dict[str, Any] = Field(default_factory=dict)
    history: list[str] = Field(default_factory=list)


def remember(preferences: Preferences, key: str) -> Preferences:
    preferences.data[key] = True
    preferences.history.append(key)
    return preferences
