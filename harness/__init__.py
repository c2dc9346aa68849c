"""persistguard's harness: replay scenarios on real PostgreSQL and check invariants in storage.

scenario file -> loader -> runner -> history -> invariants -> report.
"""

from harness.check.evidence import InvariantFailure
from harness.check.storage import StorageMap
from harness.check.verdict import InvariantResult, Verdict, judge_url
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
from harness.scenario.loader import load_paths, load_scenario, parse_scenario
from harness.scenario.model import Scenario

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
