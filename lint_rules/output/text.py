"""`path:line:col: CODE message`, one per line, sorted; then a count (as ruff prints)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from lint_rules.violation import Violation


def render_text(violations: Sequence[Violation]) -> str:
    """The human format."""
    lines = [f"{v.path}:{v.line}:{v.col}: {v.code} {v.message}" for v in violations]
    fixable = sum(1 for v in violations if v.fix is not None)
    if violations:
        noun = "error" if len(violations) == 1 else "errors"
        lines.append(f"Found {len(violations)} {noun}.")
        if fixable:
            lines.append(f"[*] {fixable} fixable with `persistguard fix`.")
    else:
        lines.append("All checks passed!")  # as ruff: silence would look like a crash
    return "\n".join(lines) + ("\n" if lines else "")


def render_statistics(violations: Sequence[Violation]) -> str:
    """Counts per rule, most frequent first: `   3\tORM001\t[*] json-mutation-not-flagged`."""
    counts = Counter((v.code, v.name) for v in violations)
    fixable = {v.code for v in violations if v.fix is not None}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    width = max((len(str(n)) for n in counts.values()), default=1)
    return "".join(
        f"{count:>{width}}\t{code}\t{'[*] ' if code in fixable else ''}{name}\n"
        for (code, name), count in rows
    )
