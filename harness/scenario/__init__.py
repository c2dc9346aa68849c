"""Stage 1, scenario: YAML files with marks -> schema and meaning checks -> frozen `Scenario`."""

from harness.scenario.loader import ScenarioFileError, load_paths, load_scenario, parse_scenario
from harness.scenario.model import (
    ACTIONS,
    INVARIANTS,
    Accepted,
    Chaos,
    Expect,
    FinalState,
    InterviewSpec,
    LoadShape,
    Location,
    Scenario,
    Step,
)
from harness.scenario.schema import scenario_schema

__all__ = [
    "ACTIONS",
    "INVARIANTS",
    "Accepted",
    "Chaos",
    "Expect",
    "FinalState",
    "InterviewSpec",
    "LoadShape",
    "Location",
    "Scenario",
    "ScenarioFileError",
    "Step",
    "load_paths",
    "load_scenario",
    "parse_scenario",
    "scenario_schema",
]
