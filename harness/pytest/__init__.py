"""The pytest integration: the plugin's hooks, its options, fixtures and scenario items.

Named `harness.pytest`, it never shadows the real `pytest`: imports are absolute,
so `import pytest` inside this package is always the test framework. Its names
are imported on first use, so the pytest11 entry point (`harness.pytest.plugin`)
loads on the lean install too.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harness.pytest.options import OPTIONS, HarnessConfig, Option
    from harness.pytest.runner_fixtures import ScenarioRunner

_SOURCES: dict[str, str] = {
    "OPTIONS": "harness.pytest.options",
    "HarnessConfig": "harness.pytest.options",
    "Option": "harness.pytest.options",
    "ScenarioRunner": "harness.pytest.runner_fixtures",
}


def __getattr__(name: str) -> Any:
    source = _SOURCES.get(name)
    if source is None:
        raise AttributeError(f"module 'harness.pytest' has no attribute {name!r}")
    return getattr(importlib.import_module(source), name)


__all__ = ["OPTIONS", "HarnessConfig", "Option", "ScenarioRunner"]
