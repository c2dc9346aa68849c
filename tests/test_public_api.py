"""Each package's `__init__` re-exports a sorted `__all__` of names that exist."""

from __future__ import annotations

import importlib

import pytest

PACKAGES = [
    "harness",
    "harness.check",
    "harness.explore",
    "harness.locust",
    "harness.mutants",
    "harness.postgres",
    "harness.proxy",
    "harness.pytest",
    "harness.report",
    "harness.run",
    "harness.run.steps",
    "harness.scenario",
    "lint_rules",
    "reference_app",
]


def _isort_key(name: str) -> tuple[int, str]:
    """ruff's RUF022 order: CONSTANTS, then Classes, then functions."""
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_sorted_and_unique(name: str) -> None:
    exported = importlib.import_module(name).__all__
    assert list(exported) == sorted(set(exported), key=_isort_key)


@pytest.mark.parametrize("name", PACKAGES)
def test_every_exported_name_exists(name: str) -> None:
    module = importlib.import_module(name)
    missing = [item for item in module.__all__ if not hasattr(module, item)]
    assert missing == []
