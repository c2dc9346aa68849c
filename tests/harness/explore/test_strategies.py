"""What the explorer draws is always a valid scenario, amplification included."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from harness.explore.search import dump
from harness.explore.strategies import CHAOS, scenario_documents
from harness.run.chaos import policy_for
from harness.scenario.loader import parse_scenario


@settings(max_examples=60, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_documents())
def test_every_drawn_document_loads_as_a_scenario(document):
    scenario = parse_scenario(dump(document), "<drawn>")
    assert scenario.steps[0].action == "start" and scenario.steps[-1].action == "answer_all"
    policy = policy_for(scenario)
    if "chaos" in document:
        assert policy is not None and policy.commit_delay == document["chaos"]["commit_delay"]
    else:
        assert policy is None


def test_amplification_shrinks_to_none():
    from hypothesis import find

    assert find(CHAOS, lambda _drawn: True) is None
    drawn = find(CHAOS, lambda chaos: chaos is not None)
    assert drawn == {"commit_delay": 0.02, "jitter": 0.0}
