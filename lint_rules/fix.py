"""Apply fixes as text edits, then re-parse to prove the result is still Python."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from lint_rules.violation import Edit, Violation


class FixError(Exception):
    """The fixed source no longer parses; nothing is written."""


def _offset(lines: list[str], line: int, col: int) -> int:
    return sum(len(text) for text in lines[: line - 1]) + col - 1


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (duplicates, like one import added twice, count once)."""
    unique = sorted(set(edits), key=lambda e: (e.line, e.col, e.end_line, e.end_col))
    lines = source.splitlines(keepends=True)
    pieces: list[str] = []
    position = 0
    for edit in unique:
        start = _offset(lines, edit.line, edit.col)
        end = _offset(lines, edit.end_line, edit.end_col)
        if start < position:
            continue  # overlaps an edit already applied: left for the next round
        pieces.append(source[position:start])
        pieces.append(edit.content)
        position = end
    pieces.append(source[position:])
    return "".join(pieces)


def apply_fixes(source: str, violations: Iterable[Violation]) -> tuple[str, list[Violation]]:
    """The fixed source and the violations that had no fix; raises `FixError` if it breaks."""
    violations = list(violations)
    edits = [edit for v in violations if v.fix is not None for edit in v.fix.edits]
    remaining = [v for v in violations if v.fix is None]
    if not edits:
        return source, remaining
    fixed = apply_edits(source, edits)
    try:
        ast.parse(fixed)
    except (SyntaxError, ValueError) as exc:
        raise FixError(f"the fix would not parse: {exc}") from exc
    return fixed, remaining
