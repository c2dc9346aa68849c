"""The static half: lint a mutant's copy with the project's own linter, as a user would."""

from __future__ import annotations

from dataclasses import dataclass

from harness.mutants.build import PACKAGE, MutantCopy
from lint_rules.engine import lint_paths
from lint_rules.registry import all_rules


@dataclass(frozen=True)
class Finding:
    """One linter finding in the mutant's copy: rule, file (in `reference_app/`), line."""

    code: str
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.code} {self.path}:{self.line}"


def known_rules() -> frozenset[str]:
    """The rule codes this linter has (ORM003 is pending until its rule lands)."""
    return frozenset(rule.CODE for rule in all_rules())


def lint_copy(copy: MutantCopy) -> tuple[Finding, ...]:
    """Every finding in the copy (no cache: each copy is linted once, in a fresh folder)."""
    result = lint_paths([copy.lint_root / PACKAGE], use_cache=False, jobs=1, root=copy.lint_root)
    found = []
    for violation in result.violations:
        path = violation.path.replace("\\", "/")
        path = path.split(f"{PACKAGE}/", 1)[-1]
        found.append(Finding(violation.code, path, violation.line))
    return tuple(sorted(set(found), key=lambda f: (f.path, f.line, f.code)))
