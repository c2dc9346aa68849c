"""The engine's shortcuts change how fast, never what: pre-filter, processes, cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lint_rules import LintConfig, lint_paths
from lint_rules.engine import PARALLEL_THRESHOLD

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The corpus as a project, plus enough plain files to take the parallel path."""
    shutil.copytree(CORPUS, tmp_path / "corpus")
    plain = tmp_path / "plain"
    plain.mkdir()
    for n in range(PARALLEL_THRESHOLD):
        (plain / f"m{n}.py").write_text(f"def f{n}(x):\n    return [x] * {n}\n")
    return tmp_path


def test_pre_filter_does_not_change_results(tree: Path) -> None:
    config = LintConfig(root=tree)
    filtered = lint_paths([tree], config, use_cache=False, jobs=1)
    unfiltered = lint_paths([tree], config, use_cache=False, jobs=1, prefilter=False)
    assert filtered.violations == unfiltered.violations
    assert filtered.violations  # the corpus has findings: the comparison means something
    assert filtered.prefiltered >= PARALLEL_THRESHOLD


def test_parallel_run_matches_serial_run(tree: Path) -> None:
    config = LintConfig(root=tree)
    serial = lint_paths([tree], config, use_cache=False, jobs=1, prefilter=False)
    parallel = lint_paths([tree], config, use_cache=False, jobs=2, prefilter=False)
    assert parallel.parsed >= PARALLEL_THRESHOLD
    assert parallel.violations == serial.violations


def test_cached_run_matches_cold_run(tree: Path) -> None:
    config = LintConfig(root=tree)
    cold = lint_paths([tree], config, jobs=1)
    warm = lint_paths([tree], config, jobs=1)
    assert warm.parsed == 0
    assert warm.violations == cold.violations


def test_config_change_invalidates_cached_results(tree: Path) -> None:
    lint_paths([tree], LintConfig(root=tree), jobs=1)
    narrowed = lint_paths([tree], LintConfig(root=tree, select=("ORM002",)), jobs=1)
    assert narrowed.cache_hits == 0
    assert {v.code for v in narrowed.violations} == {"ORM002"}


def test_output_is_sorted_by_path_then_position(tree: Path) -> None:
    found = lint_paths([tree], LintConfig(root=tree), use_cache=False, jobs=1).violations
    assert found == sorted(found, key=lambda v: (v.path, v.line, v.col, v.code))
