"""persistguard's linter: a project index, flow-aware rules over `ast`, fixes and reporters.

files -> index -> rules -> diagnostics -> reporter/fixer.
"""

from lint_rules.config import LintConfig, load_config
from lint_rules.engine import LintResult, lint_paths, lint_source
from lint_rules.errors import LintConfigError
from lint_rules.fix import FixError, apply_fixes
from lint_rules.index import ProjectIndex, build_index
from lint_rules.registry import all_rules, rule_by_code
from lint_rules.rule import FileContext, Invalid, LintRule, Valid
from lint_rules.violation import Edit, Fix, Violation

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
