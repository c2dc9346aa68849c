"""The rules: a catalogue of codes (no import needed) and the classes (imported on demand).

The catalogue lets a run validate selectors and key its cache without
importing the analysis; a test checks it against the classes discovered
under `rules/`, so a new rule cannot be forgotten here.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lint_rules.rule import LintRule

#: code -> (name, module under `lint_rules.rules`)
CATALOGUE: dict[str, tuple[str, str]] = {
    "ORM001": ("json-mutation-not-flagged", "json_mutation_not_flagged"),
    "ORM002": ("spawn-before-commit", "spawn_before_commit"),
    "ORM003": ("orm-object-crosses-task", "orm_object_crosses_task"),
    "ORM004": ("nested-mutation-untracked", "nested_mutation_untracked"),
    "ORM005": ("flag-modified-unknown-attribute", "flag_modified_unknown_attribute"),
}


def rule_codes() -> list[str]:
    """Every rule's code, sorted, without importing any rule."""
    return sorted(CATALOGUE)


@cache
def all_rules() -> tuple[type[LintRule], ...]:
    """Every rule, sorted by code."""
    from lint_rules import rules as package
    from lint_rules.rule import LintRule

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    found: dict[str, type[LintRule]] = {}
    pending = list(LintRule.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith(package.__name__ + ".") and "CODE" in vars(cls):
            found[cls.CODE] = cls
    return tuple(found[code] for code in sorted(found))


def rule_by_code(code: str) -> type[LintRule] | None:
    """Look a rule up by code (`ORM001`) or name (`json-mutation-not-flagged`)."""
    wanted = code.strip()
    for rule in all_rules():
        if wanted.upper() == rule.CODE or wanted.lower() == rule.NAME:
            return rule
    return None
