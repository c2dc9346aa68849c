"""`# noqa`, `# noqa: ORM001, ORM002` on the reported line; `# persistguard: skip-file`."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable

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
