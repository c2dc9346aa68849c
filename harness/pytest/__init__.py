"""The pytest integration: the plugin's hooks, its options, fixtures and scenario items.

Named `harness.pytest`, it never shadows the real `pytest`: imports are absolute,
so `import pytest` inside this package is always the test framework.
"""

from harness.pytest.options import OPTIONS, HarnessConfig, Option
from harness.pytest.runner_fixtures import ScenarioRunner

__all__ = ["OPTIONS", "HarnessConfig", "Option", "ScenarioRunner"]
