"""Every rule's own examples: linted (ids like `ORM001-invalid-0`) and proven on PostgreSQL."""

from __future__ import annotations

import pytest

from lint_rules.fix import apply_fixes
from lint_rules.testing import PRELUDE, Case, example_position, lint_case, params, prove


@pytest.mark.parametrize("case", params("valid"))
def test_valid_example_is_not_reported(case: Case) -> None:
    assert lint_case(case) == []


@pytest.mark.parametrize("case", params("invalid"))
def test_invalid_example_is_reported_where_documented(case: Case) -> None:
    found = lint_case(case)
    assert [(v.code, *example_position(v)) for v in found] == [
        (case.rule.CODE, case.example.line, case.example.col)  # type: ignore[union-attr]
    ]


@pytest.mark.parametrize("case", params("valid"))
def test_valid_example_keeps_the_write_on_postgres(case: Case, postgres_database: str) -> None:
    assert prove(case, postgres_database) == "kept"


@pytest.mark.parametrize("case", params("invalid"))
def test_invalid_example_loses_the_write_on_postgres(case: Case, postgres_database: str) -> None:
    assert prove(case, postgres_database) == "lost"


FIXABLE = [p for p in params("invalid") if p.values[0].example.fixed is not None]


@pytest.mark.parametrize("case", FIXABLE)
def test_autofix_produces_the_documented_code(case: Case) -> None:
    fixed, remaining = apply_fixes(PRELUDE + case.example.code, lint_case(case), unsafe=True)
    assert remaining == []
    assert fixed == PRELUDE + case.example.fixed  # type: ignore[union-attr, operator]


@pytest.mark.parametrize("case", FIXABLE)
def test_fixed_example_is_clean_and_keeps_the_write(case: Case, postgres_database: str) -> None:
    fixed = case.example.fixed  # type: ignore[union-attr]
    assert lint_case(case, fixed) == []
    assert prove(case, postgres_database, fixed) == "kept"
