"""`fix`, `lint --fix`, `--diff`: fix each file in memory until nothing changes, then write it.

A fix can make another finding fixable, or two fixes can overlap, so a file
is fixed in rounds: apply the applicable fixes, lint the new text, repeat
(at most `MAX_ROUNDS`). What is left after the last round is what `fix`
reports, so its report is the truth about the file as written. Files are
written in their own encoding, BOM and newlines (see `reading.py`).
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from lint_rules.cache import key
from lint_rules.engine import LintResult, recheck
from lint_rules.fix import FixError, applicable, apply_fixes
from lint_rules.reading import ReadError, SourceFile, read_source, write_source
from lint_rules.violation import Violation

MAX_ROUNDS = 10


@dataclass(frozen=True)
class FileFix:
    """One file's fixes: its text before and after, what was fixed, what is left."""

    path: str
    source: SourceFile
    after: str
    fixed: tuple[Violation, ...]
    remaining: tuple[Violation, ...]
    error: str | None = None

    @property
    def changed(self) -> bool:
        """Would writing it change the file?"""
        return self.after != self.source.text

    def diff(self) -> str:
        """A unified diff of the change (`a/path`, `b/path`, as git prints it)."""
        return "".join(
            difflib.unified_diff(
                self.source.text.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
            )
        )


def fix_text(
    path: str,
    source: SourceFile,
    violations: Iterable[Violation],
    check: Callable[[str], list[Violation]],
    *,
    unsafe: bool = False,
) -> FileFix:
    """Fix `source` in rounds; `check(text)` lints a new text of the same file."""
    text = source.text
    current = list(violations)
    fixed: list[Violation] = []
    for _ in range(MAX_ROUNDS):
        if not any(applicable(v, unsafe) for v in current):
            break
        try:
            new_text, _left = apply_fixes(text, current, unsafe=unsafe)
        except FixError as exc:
            return FileFix(path, source, text, tuple(fixed), tuple(current), str(exc))
        if new_text == text:
            break
        fixed.extend(v for v in current if applicable(v, unsafe))
        text = new_text
        current = check(text)
    return FileFix(path, source, text, tuple(fixed), tuple(current))


def fix_result(
    result: LintResult, *, unsafe: bool = False
) -> tuple[list[FileFix], list[Violation]]:
    """Fix every file of a lint run that has an applicable fix.

    Returns the files' fixes and the findings of the files that had none.
    """
    by_path: dict[str, list[Violation]] = {}
    for violation in result.violations:
        by_path.setdefault(violation.path, []).append(violation)
    fixes: list[FileFix] = []
    untouched: list[Violation] = []
    for path, violations in sorted(by_path.items()):
        if not any(applicable(v, unsafe) for v in violations):
            untouched.extend(violations)
            continue
        source = read_source(Path(path))
        if isinstance(source, ReadError):
            untouched.extend([source.violation(path), *violations])
            continue
        check = functools.partial(_recheck, result, path)
        if key(source.text) != result.digests.get(path):
            violations = check(source.text)  # changed since it was linted
        fixes.append(fix_text(path, source, violations, check, unsafe=unsafe))
    return fixes, untouched


def _recheck(result: LintResult, path: str, text: str) -> list[Violation]:
    assert result.root is not None and result.index is not None and result.config is not None
    return recheck(text, path, result.root, result.config, result.index)


def write_fixes(fixes: Iterable[FileFix]) -> list[str]:
    """Write the changed files; returns one error line per file that could not be written."""
    errors = []
    for fix in fixes:
        if not fix.changed:
            continue
        try:
            write_source(Path(fix.path), fix.source, fix.after)
        except (OSError, UnicodeEncodeError) as exc:
            errors.append(f"{fix.path}: fix not written: {exc}")
    return errors
