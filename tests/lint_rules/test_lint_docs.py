"""Generated docs are current; the public API is sorted; every rule is documented and proven."""

from __future__ import annotations

import lint_rules
from lint_rules.docs import DOCS, rendered
from lint_rules.registry import all_rules

SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Fix safety",
            "## Configuration")


def test_docs_rules_are_up_to_date() -> None:
    stale = [
        name for name, text in rendered().items()
        if not (DOCS / name).exists() or (DOCS / name).read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run `python -m lint_rules.docs`"


def test_every_rule_has_the_ruff_sections_and_examples() -> None:
    for rule in all_rules():
        doc = rule.documentation()
        assert [s for s in SECTIONS if s not in doc] == [], rule.CODE
        assert rule.VALID and rule.INVALID, rule.CODE


def test_public_api_is_sorted_and_importable() -> None:
    assert lint_rules.__all__ == sorted(lint_rules.__all__)
    for name in lint_rules.__all__:
        assert getattr(lint_rules, name) is not None
