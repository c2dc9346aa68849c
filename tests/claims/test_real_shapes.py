"""Every real-shape case that claims a lost or a kept write, proven on PostgreSQL; so is the fix.

The verdict comes from the rows, read through a separate connection (see
`real_shapes.prove`); the linter's expectation for the same case must agree
with it (`tests/lint_rules/test_lint_real_shapes.py` checks the linter).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_rules.fix_files import fix_text
from lint_rules.reading import SourceFile
from tests.claims.real_shapes import prove
from tests.lint_rules.real_cases import cases, claim, expected, lint_text

PROVEN = cases("lost", "kept")


@pytest.mark.parametrize("path", PROVEN, ids=[p.stem for p in PROVEN])
def test_the_claimed_outcome_happens_on_postgresql(path: Path, postgres_database: str) -> None:
    outcome = prove(path, postgres_database)
    assert outcome == claim(path)
    assert bool(expected(path)) == (outcome == "lost")


def _fully_fixable(path: Path) -> bool:
    found = lint_text(path.read_text(encoding="utf-8"), path.name)
    return bool(found) and all(v.fix for v in found)


FIXABLE = [p for p in cases("lost") if _fully_fixable(p)]


@pytest.mark.parametrize("path", FIXABLE, ids=[p.stem for p in FIXABLE])
def test_the_autofix_makes_a_lost_write_kept(path: Path, postgres_database: str) -> None:
    def relint(text: str) -> list:
        return lint_text(text, path.name)

    source = SourceFile(path.read_text(encoding="utf-8"), "utf-8")
    fixed = fix_text(path.name, source, relint(source.text), relint)
    assert fixed.error is None and fixed.changed
    assert prove(path, postgres_database, fixed.after) == "kept"
