# ruff: noqa
# claim: none
"""A pydantic class two bases away from `BaseModel`, with `Field` defaults."""
from typing import Any

from pydantic import BaseModel, Field


class Schema(BaseModel):
    model_config = {"extra": "forbid"}


class DocPatch(Schema):
    items: list[Any] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict)


def merge_patch(patch: DocPatch, other: DocPatch) -> DocPatch:
    patch.items.extend(other.items)
    patch.meta.update(other.meta)
    return patch
