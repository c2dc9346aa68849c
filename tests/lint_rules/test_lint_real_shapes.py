"""The real-shape corpus: silent on every case that keeps its writes, reports every loss.

Precision: a case whose writes are kept (or never reach the database) gives no
finding. Recall: a case that loses a write gives exactly the findings its
`# expect:` comments ask for. A shape the analysis still gets wrong is listed
in `KNOWN_GAPS` with where and why, and fails strictly the day it is fixed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from lint_rules.fix_files import fix_text
from lint_rules.reading import SourceFile
from tests.lint_rules.real_cases import (
    CASES,
    REAL,
    cases,
    claim,
    expected,
    lint_case,
    lint_text,
)

#: case stem -> which function is wrong, and why
KNOWN_GAPS: dict[str, str] = {}


def _params(paths: list[Path]) -> list[object]:
    return [
        pytest.param(
            path,
            id=path.stem,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[path.stem])]
            if path.stem in KNOWN_GAPS
            else [],
        )
        for path in paths
    ]


@pytest.mark.parametrize("path", _params(cases("kept", "none")))
def test_the_linter_is_silent_on_a_case_that_keeps_its_writes(path: Path) -> None:
    assert lint_case(path) == Counter()


@pytest.mark.parametrize("path", _params(cases("lost")))
def test_the_linter_reports_a_case_that_loses_a_write(path: Path) -> None:
    assert lint_case(path) == expected(path)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_a_case_expects_findings_exactly_when_it_claims_a_loss(path: Path) -> None:
    assert bool(expected(path)) == (claim(path) == "lost")


def test_every_case_is_indexed_in_shapes_md() -> None:
    index = (REAL / "SHAPES.md").read_text(encoding="utf-8")
    missing = [p.stem for p in CASES if f"`{p.stem}`" not in index]
    assert not missing


def test_the_corpus_covers_many_cases_on_both_sides() -> None:
    assert len(CASES) >= 120
    assert len(cases("lost")) >= 40 and len(cases("kept", "none")) >= 60


def test_every_known_gap_names_a_case() -> None:
    assert set(KNOWN_GAPS) <= {p.stem for p in CASES}


FIXABLE = [p for p in cases("lost") if any(v.fix for v in lint_text(p.read_text(), p.name))]


@pytest.mark.parametrize("path", FIXABLE, ids=[p.stem for p in FIXABLE])
def test_fixing_a_case_clears_its_findings_and_a_second_fix_changes_nothing(path: Path) -> None:
    def relint(text: str) -> list:
        return lint_text(text, path.name)

    source = SourceFile(path.read_text(encoding="utf-8"), "utf-8")
    before = relint(source.text)
    once = fix_text(path.name, source, before, relint)
    assert once.error is None and once.changed
    compile(once.after, path.name, "exec")
    assert [v for v in relint(once.after) if v.fix] == []
    again = fix_text(path.name, SourceFile(once.after, "utf-8"), relint(once.after), relint)
    assert not again.changed
