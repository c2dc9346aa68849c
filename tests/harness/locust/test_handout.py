"""The master's handout: each copy of each scenario once, then nothing; results whole or absent."""

from __future__ import annotations

import json

import pytest
from probe import write_probe

from harness.errors import ScenarioError
from harness.locust.handout import Handout
from harness.scenario.loader import parse_scenario


def test_every_copy_is_handed_out_once_with_its_scenario_text(tmp_path):
    path = write_probe(tmp_path, interviews=3)
    handout = Handout([str(tmp_path)], seed=99)
    claims = [handout.claim() for _ in range(4)]
    assert [c["number"] for c in claims[:3]] == [1, 2, 3] and claims[3] is None
    first = claims[0]
    assert first["path"] == str(path) and first["seed"] == 99
    # a worker on another machine rebuilds the scenario from the text alone
    rebuilt = parse_scenario(first["text"], first["path"])
    assert rebuilt == parse_scenario(path.read_text(), str(path))
    assert handout.scenarios[0].load.seed == 99


def test_the_run_is_done_only_when_every_copy_came_back(tmp_path):
    write_probe(tmp_path, interviews=2)
    handout = Handout([str(tmp_path)])
    handout.claim(), handout.claim()
    handout.receive(0, {"record": {"number": 1}})
    assert not handout.done
    handout.receive(0, {"record": {"number": 2}})
    assert handout.done
    target = tmp_path / "out" / "results.json"
    target.parent.mkdir()
    handout.write(target, {"requests": 5})
    document = json.loads(target.read_text())
    assert document["expected_copies"] == 2 and len(document["copies"]) == 2
    assert document["copies"][0] == {"scenario": 0, "record": {"number": 1}}
    assert [p.name for p in target.parent.iterdir()] == ["results.json"]


def test_a_bad_scenario_file_is_refused_with_its_location(tmp_path):
    (tmp_path / "bad.yaml").write_text("name: x\ninterview: {}\nsteps: [anwser]\n")
    with pytest.raises(ScenarioError, match=r"bad\.yaml:\d+:\d+"):
        Handout([str(tmp_path)])
