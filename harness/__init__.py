"""persistguard's harness: replay scenarios on real PostgreSQL and check invariants in storage.

scenario file -> `harness.scenario` (loader, model) -> `harness.run` (runner, history)
-> `harness.check` (invariants read from PostgreSQL, verdict) -> `harness.report`.

The names below are imported on first use, not with the package: the console
script and the pytest11 plugin live under `harness`, and on the lean
(linter-only) install they must load without the `harness` extra.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harness.check import InvariantFailure, InvariantResult, StorageMap, Verdict, judge_url
    from harness.errors import HarnessError, ProvisioningError, ScenarioError, TargetError
    from harness.postgres import (
        ClonedDatabase,
        PostgresChoice,
        PostgresServer,
        TemplateDatabase,
        provision,
        release,
    )
    from harness.replay import ReferenceBackend, ReplaySettings, replay_all, replay_on
    from harness.scenario import Scenario, load_paths, load_scenario, parse_scenario

#: Each public name and the module it comes from.
_SOURCES: dict[str, str] = {
    "ClonedDatabase": "harness.postgres",
    "HarnessError": "harness.errors",
    "InvariantFailure": "harness.check",
    "InvariantResult": "harness.check",
    "PostgresChoice": "harness.postgres",
    "PostgresServer": "harness.postgres",
    "ProvisioningError": "harness.errors",
    "ReferenceBackend": "harness.replay",
    "ReplaySettings": "harness.replay",
    "Scenario": "harness.scenario",
    "ScenarioError": "harness.errors",
    "StorageMap": "harness.check",
    "TargetError": "harness.errors",
    "TemplateDatabase": "harness.postgres",
    "Verdict": "harness.check",
    "judge_url": "harness.check",
    "load_paths": "harness.scenario",
    "load_scenario": "harness.scenario",
    "parse_scenario": "harness.scenario",
    "provision": "harness.postgres",
    "release": "harness.postgres",
    "replay_all": "harness.replay",
    "replay_on": "harness.replay",
}


def __getattr__(name: str) -> Any:
    source = _SOURCES.get(name)
    if source is None:
        raise AttributeError(f"module 'harness' has no attribute {name!r}")
    return getattr(importlib.import_module(source), name)


__all__ = [
    "ClonedDatabase",
    "HarnessError",
    "InvariantFailure",
    "InvariantResult",
    "PostgresChoice",
    "PostgresServer",
    "ProvisioningError",
    "ReferenceBackend",
    "ReplaySettings",
    "Scenario",
    "ScenarioError",
    "StorageMap",
    "TargetError",
    "TemplateDatabase",
    "Verdict",
    "judge_url",
    "load_paths",
    "load_scenario",
    "parse_scenario",
    "provision",
    "release",
    "replay_all",
    "replay_on",
]
