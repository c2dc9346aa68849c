# ruff: noqa
# claim: none
"""A SQLModel class without `table=True` is a pydantic schema, not a table."""
from typing import Any

from sqlmodel import Field, SQLModel


class HeroCreate(SQLModel):
    powers: list[str] = Field(default_factory=list)
    stats: dict[str, Any] = Field(default_factory=dict)


def with_default_power(hero: HeroCreate) -> HeroCreate:
    hero.powers.append("flight")
    hero.stats["level"] = 1
    return hero
