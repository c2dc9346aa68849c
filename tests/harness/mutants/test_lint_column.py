"""The linter's half of the table, for every mutant: flagged where a rule should see it."""

from __future__ import annotations

import pytest

from harness.mutants import all_mutants, build
from harness.mutants.lint_check import known_rules, lint_copy
from harness.mutants.verdict import MutantResult

MUTANTS = all_mutants()


def test_the_reference_app_is_clean(tmp_path):
    assert lint_copy(build(None, tmp_path)) == ()


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.name)
def test_each_mutant_is_flagged_by_its_rule_or_argued_runtime_only(mutant, tmp_path):
    findings = lint_copy(build(mutant, tmp_path))
    result = MutantResult(mutant, findings, None, known_rules())
    assert result.problems() == []
    if mutant.lint is None:
        assert mutant.runtime_only, "a mutant no rule flags must say why"
    elif mutant.lint in known_rules():
        assert {f.code for f in findings} == {mutant.lint}
        assert all(f.path in mutant.files for f in findings)
    else:  # the rule has not landed: the table says so instead of passing silently
        assert result.lint_cell() == f"pending {mutant.lint} (rule not in this build)"
