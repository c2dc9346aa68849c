"""The corpus: one small file per case under `corpus/`, expected findings marked inline.

A line ending in `# expect: ORM001` (or `# expect: ORM001, ORM004`) must be
reported with exactly those codes; every other line must be clean. Adding a
case is adding a file.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from lint_rules import LintConfig, build_index, lint_source
from lint_rules.survey import source_facts

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(CORPUS.glob("orm*/*.py"))
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>ORM\d+(?:\s*,\s*ORM\d+)*)\s*$")


def expected(source: str) -> Counter[tuple[int, str]]:
    found: Counter[tuple[int, str]] = Counter()
    for number, line in enumerate(source.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            for code in match.group("codes").split(","):
                found[(number, code.strip())] += 1
    return found


def lint_case(path: Path) -> Counter[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    models = (CORPUS / "models.py").read_text(encoding="utf-8")
    facts = [
        source_facts(models, "models.py", "models"),
        source_facts(source, path.name, path.stem),
    ]
    index = build_index([f for f in facts if f is not None])
    found = lint_source(source, str(path), LintConfig(), index)
    return Counter((v.line, v.code) for v in found)


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_corpus_case(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert lint_case(path) == expected(source)


@pytest.mark.parametrize("rule", ["orm001", "orm002"])
def test_corpus_has_at_least_forty_cases_per_rule(rule: str) -> None:
    assert len(list((CORPUS / rule).glob("*.py"))) >= 40


@pytest.mark.parametrize("rule", ["orm003", "orm005"])
def test_newer_rules_have_thirty_cases_on_both_sides(rule: str) -> None:
    paths = list((CORPUS / rule).glob("*.py"))
    code = rule.upper()
    flagged = [p for p in paths if any(c == code for _, c in expected(p.read_text("utf-8")))]
    assert len(paths) >= 30
    assert 10 <= len(flagged) <= len(paths) - 10


def test_corpus_has_cases_on_both_sides() -> None:
    flagged = [p for p in CASES if expected(p.read_text(encoding="utf-8"))]
    assert 0 < len(flagged) < len(CASES)
