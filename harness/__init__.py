"""persistguard's harness: replay scenarios on real PostgreSQL and check invariants in storage.

scenario file -> `harness.scenario` (loader, model) -> `harness.run` (runner, history)
-> `harness.check` (invariants read from PostgreSQL, verdict) -> `harness.report`.
"""

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
