"""Every real-shape case that claims a lost or a kept write, proven on PostgreSQL.

The verdict comes from the rows, read through a separate connection (see
`real_shapes.prove`); the linter's expectation for the same case must agree
with it (`tests/lint_rules/test_lint_real_shapes.py` checks the linter).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.claims.real_shapes import prove
from tests.lint_rules.real_cases import cases, claim, expected

PROVEN = cases("lost", "kept")


@pytest.mark.parametrize("path", PROVEN, ids=[p.stem for p in PROVEN])
def test_the_claimed_outcome_happens_on_postgresql(path: Path, postgres_database: str) -> None:
    outcome = prove(path, postgres_database)
    assert outcome == claim(path)
    assert bool(expected(path)) == (outcome == "lost")
