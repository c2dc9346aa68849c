"""persistguard's linter: a project index, flow-aware rules over `ast`, fixes and reporters.

files -> index -> rules -> diagnostics -> reporter/fixer.

The names below are imported on first use (PEP 562): a warm pre-commit run
answers from the cache and should not pay for importing the analysis.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lint_rules.config import LintConfig, load_config
    from lint_rules.engine import LintResult, lint_paths, lint_source
    from lint_rules.errors import LintConfigError
    from lint_rules.fix import FixError, apply_fixes
    from lint_rules.index import ProjectIndex, build_index
    from lint_rules.registry import all_rules, rule_by_code
    from lint_rules.rule import FileContext, Invalid, LintRule, Valid
    from lint_rules.violation import Edit, Fix, Violation

_WHERE = {
    "Edit": "violation",
    "FileContext": "rule",
    "Fix": "violation",
    "FixError": "fix",
    "Invalid": "rule",
    "LintConfig": "config",
    "LintConfigError": "errors",
    "LintResult": "engine",
    "LintRule": "rule",
    "ProjectIndex": "index",
    "Valid": "rule",
    "Violation": "violation",
    "all_rules": "registry",
    "apply_fixes": "fix",
    "build_index": "index",
    "lint_paths": "engine",
    "lint_source": "engine",
    "load_config": "config",
    "rule_by_code": "registry",
}

__all__ = [
    "Edit",
    "FileContext",
    "Fix",
    "FixError",
    "Invalid",
    "LintConfig",
    "LintConfigError",
    "LintResult",
    "LintRule",
    "ProjectIndex",
    "Valid",
    "Violation",
    "all_rules",
    "apply_fixes",
    "build_index",
    "lint_paths",
    "lint_source",
    "load_config",
    "rule_by_code",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'lint_rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"lint_rules.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
