"""`# noqa` on the reported line, `# persistguard: skip-file`, and config `per-file-ignores`."""

from __future__ import annotations

import functools
import io
import re
import tokenize
from collections.abc import Iterable

import pathspec

from lint_rules.violation import Violation

SKIP_FILE = re.compile(r"^#\s*persistguard:\s*skip-file\s*$", re.MULTILINE)
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.I)
ALL = "*"


def noqa_lines(source: str) -> dict[int, set[str]]:
    """Line -> suppressed codes (`*` for a bare `# noqa`), read from real comments only."""
    found: dict[int, set[str]] = {}
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return found
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        match = _NOQA.search(token.string)
        if match is None:
            continue
        codes = match.group("codes")
        line = token.start[0]
        if codes is None:
            found.setdefault(line, set()).add(ALL)
        else:
            found.setdefault(line, set()).update(c.upper() for c in re.split(r"[\s,]+", codes) if c)
    return found


def suppressed(violations: Iterable[Violation], source: str) -> list[Violation]:
    """Drop findings whose first line carries a matching `# noqa`."""
    violations = list(violations)
    if not violations or "noqa" not in source:
        return violations
    lines = noqa_lines(source)
    kept = []
    for violation in violations:
        codes = lines.get(violation.line, set())
        if ALL in codes or violation.code in codes:
            continue
        kept.append(violation)
    return kept


#: findings that say a file was not checked at all: no setting may hide them
UNSUPPRESSIBLE = frozenset({"ORM000", "E902"})


@functools.lru_cache(maxsize=256)
def _pattern(glob: str) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines([glob])


def per_file_ignored(
    violations: Iterable[Violation],
    relative: str,
    per_file_ignores: Iterable[tuple[str, Iterable[str]]],
) -> list[Violation]:
    """Drop findings the config's `per-file-ignores` silence for the file at `relative`.

    Patterns are gitignore-style globs relative to the project root, as in
    ruff: `tests/**` is a folder, `__init__.py` (no slash) matches anywhere.
    """
    violations = list(violations)
    silenced = [
        code
        for glob, codes in per_file_ignores
        if _pattern(glob).match_file(relative)
        for code in codes
    ]
    if not silenced:
        return violations
    return [
        v
        for v in violations
        if v.code in UNSUPPRESSIBLE or not any(v.code.startswith(c) for c in silenced)
    ]
