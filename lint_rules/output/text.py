"""`path:line:col: CODE message`, one per line, sorted; then a count (as ruff prints)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from lint_rules.violation import Violation

#: What a clean run prints.
CLEAN = "All checks passed! (persistguard lint)"


def render_text(
    violations: Sequence[Violation], *, unsafe_fixes: bool = False, show_fixes: bool = False
) -> str:
    """The human format; `show_fixes` adds each finding's fix under it."""
    lines = []
    for v in violations:
        lines.append(f"{v.path}:{v.line}:{v.col}: {v.code} {v.message}")
        if show_fixes and v.fix is not None:
            unsafe = " (unsafe)" if v.fix.applicability == "unsafe" else ""
            lines.append(f"  fix{unsafe}: {v.fix.title}")
    fixable = sum(1 for v in violations if _fixable(v, unsafe_fixes))
    hidden = sum(1 for v in violations if v.fix is not None and not _fixable(v, unsafe_fixes))
    if violations:
        noun = "error" if len(violations) == 1 else "errors"
        lines.append(f"Found {len(violations)} {noun}.")
        if fixable:
            with_unsafe = unsafe_fixes and _any_unsafe(violations)
            command = "persistguard fix --unsafe-fixes" if with_unsafe else "persistguard fix"
            lines.append(f"[*] {fixable} fixable with `{command}`.")
        if hidden:
            fixes = "fix" if hidden == 1 else "fixes"
            lines.append(
                f"({hidden} hidden {fixes} can be enabled with the `--unsafe-fixes` option.)"
            )
    else:
        # as ruff (silence would look like a crash), labelled: after a replay it is the linter's
        lines.append(CLEAN)
    return "\n".join(lines) + "\n"


def _fixable(violation: Violation, unsafe_fixes: bool) -> bool:
    fix = violation.fix
    return fix is not None and (unsafe_fixes or fix.applicability == "safe")


def _any_unsafe(violations: Sequence[Violation]) -> bool:
    return any(v.fix is not None and v.fix.applicability == "unsafe" for v in violations)


def _counts(violations: Sequence[Violation]) -> list[tuple[str, str, int, bool]]:
    counts = Counter((v.code, v.name) for v in violations)
    fixable = {v.code for v in violations if v.fix is not None}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    return [(code, name, count, code in fixable) for (code, name), count in rows]


def render_statistics(violations: Sequence[Violation]) -> str:
    """Counts per rule, most frequent first: `   3\tORM001\t[*] json-mutation-not-flagged`."""
    rows = _counts(violations)
    width = max((len(str(count)) for _, _, count, _ in rows), default=1)
    return "".join(
        f"{count:>{width}}\t{code}\t{'[*] ' if fixable else ''}{name}\n"
        for code, name, count, fixable in rows
    )


def render_statistics_json(violations: Sequence[Violation]) -> str:
    """The same counts as a JSON list (for `--statistics --output-format json`)."""
    rows = [
        {"code": code, "name": name, "count": count, "fixable": fixable}
        for code, name, count, fixable in _counts(violations)
    ]
    return json.dumps(rows, indent=2) + "\n"
