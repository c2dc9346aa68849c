"""A JSON list of violations; `Violation.from_dict` reads each entry back."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from lint_rules.violation import Violation


def render_json(violations: Sequence[Violation]) -> str:
    """The machine format."""
    return json.dumps([v.to_dict() for v in violations], indent=2) + "\n"


def parse_json(text: str) -> list[Violation]:
    """Inverse of `render_json`."""
    data: list[dict[str, Any]] = json.loads(text)
    return [Violation.from_dict(item) for item in data]
