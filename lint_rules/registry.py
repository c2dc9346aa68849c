"""Registration is discovery: every concrete `LintRule` subclass under `rules/` is a rule."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from lint_rules.rule import LintRule


@cache
def all_rules() -> tuple[type[LintRule], ...]:
    """Every rule, sorted by code."""
    from lint_rules import rules as package

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
