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


def test_the_catalogue_names_every_rule_and_only_them() -> None:
    """The cheap code list (used by warm runs) matches the rule classes."""
    from lint_rules.registry import CATALOGUE

    found = {rule.CODE: (rule.NAME, rule.__module__.rsplit(".", 1)[-1]) for rule in all_rules()}
    assert found == CATALOGUE


def test_importing_the_linter_does_not_import_the_analysis() -> None:
    """A warm pre-commit run must not pay for the rules: `import lint_rules` stays light."""
    import subprocess
    import sys

    probe = (
        "import sys, lint_rules, lint_rules.cli; "
        "print(sorted(m for m in sys.modules if m.startswith('lint_rules.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    for heavy in ("lint_rules.index", "lint_rules.facts", "lint_rules.rules", "lint_rules.flow"):
        assert f"'{heavy}'" not in loaded, heavy


def test_every_public_name_has_a_home() -> None:
    from lint_rules import _WHERE

    assert sorted(_WHERE) == lint_rules.__all__
