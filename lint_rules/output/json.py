"""A JSON list of violations; `Violation.from_dict` reads each entry back."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from lint_rules.violation import Violation


def render_json(violations: Sequence[Violation]) -> str:
    """The machine format; every fix states its `applicability`, the default `safe` included."""
    return json.dumps([_entry(v) for v in violations], indent=2) + "\n"


def _entry(violation: Violation) -> dict[str, Any]:
    # `to_dict` leaves out fields at their default (compact cache entries); a reader of
    # the report should not have to know that a missing applicability means "safe"
    data = violation.to_dict()
    if violation.fix is not None:
        data["fix"]["applicability"] = violation.fix.applicability
    return data


def parse_json(text: str) -> list[Violation]:
    """Inverse of `render_json`."""
    data: list[dict[str, Any]] = json.loads(text)
    return [Violation.from_dict(item) for item in data]
