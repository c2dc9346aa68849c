# ruff: noqa
"""Client-side classes named like the ORM models: an API client's records, no SQLAlchemy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field


@dataclass
class Doc:
    """What a remote service returns for a document."""

    title: str = ""
    items: list[Any] = field(default_factory=list)
    prefs: dict[str, Any] = field(default_factory=dict)


class Account(BaseModel):
    """The account as the billing API describes it."""

    email: str = ""
    prefs: dict[str, Any] = Field(default_factory=dict)


class Agent:
    """A project object whose method is named like a spawn."""

    def __init__(self) -> None:
        self.queued: list[Any] = []

    def create_task(self, what: Any) -> None:
        self.queued.append(what)

    def delay(self, *args: Any) -> None:
        self.queued.append(args)
