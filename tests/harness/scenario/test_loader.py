"""Scenario files: valid ones become frozen dataclasses; bad ones list every problem, placed."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from harness.scenario.loader import ScenarioFileError, load_paths, load_scenario, parse_scenario
from harness.scenario.model import INVARIANTS, Scenario, Step
from harness.scenario.schema import scenario_schema

ROOT = Path(__file__).resolve().parents[3]

VALID = """\
name: smallest
interview:
  project_title: T
  project_description: D
  ai_followups: 1
steps:
  - start
  - action: answer
    mode: async
    expect: {status: 202, question_index: 2}
  - action: burst
    count: 3
    expect: {accepted: {min: 1, max: 2}}
"""


def problems_of(text: str, path: str = "s.yaml") -> tuple[str, ...]:
    with pytest.raises(ScenarioFileError) as info:
        parse_scenario(text, path)
    return info.value.problems


def test_valid_file_becomes_frozen_dataclasses():
    scenario = parse_scenario(VALID, "s.yaml")
    assert isinstance(scenario, Scenario)
    assert [step.action for step in scenario.steps] == ["start", "answer", "burst"]
    assert scenario.steps[1].mode == "async" and scenario.steps[1].expect.status == (202,)
    assert scenario.steps[2].count == 3 and scenario.steps[2].expect.accepted.max == 2
    assert scenario.invariants == INVARIANTS
    with pytest.raises(dataclasses.FrozenInstanceError):
        scenario.steps[0].action = "read"  # type: ignore[misc]


def test_bare_action_names_are_steps_located_where_written():
    step = parse_scenario(VALID, "s.yaml").steps[0]
    assert isinstance(step, Step)
    assert (step.location.line, step.location.column) == (7, 5)


def test_unknown_action_cites_line_column_and_the_expected_actions():
    text = VALID.replace("action: answer\n", "action: anwser\n")
    (problem,) = problems_of(text, "scenarios/full-interview.yaml")
    assert problem.startswith("scenarios/full-interview.yaml:8:13: step 2: unknown action 'anwser'")
    assert "(expected: start, answer, answer_all," in problem
    assert "did you mean 'answer'?" in problem


def test_every_problem_is_reported_at_once():
    text = """\
name: bad
interview:
  project_title: T
  project_descripton: D
  ai_followups: 99
load: {interviews: 0}
steps:
  - action: answer
    count: 3
    content: "{{ interview.titel }}"
    expect: {status: ok, content: "(unclosed"}
  - action: request
invariants: [nope]
"""
    problems = problems_of(text)
    assert problems == tuple(sorted(problems, key=lambda p: tuple(map(int, p.split(":")[1:3]))))
    joined = "\n".join(problems)
    assert "s.yaml:3:3: interview: missing key 'project_description'" in joined
    assert "s.yaml:4:3: interview: unknown key 'project_descripton'" in joined
    assert "s.yaml:5:17: interview.ai_followups: expected a value <= 50, found 99" in joined
    assert "load.interviews: expected a value >= 1, found 0" in joined
    assert "s.yaml:9:5: step 1: `count` does not apply to `answer`" in joined
    assert "unknown template variable `interview.titel`" in joined
    assert "step 1: expect.status: expected an integer" in joined and "found 'ok'" in joined
    assert "invalid regular expression '(unclosed'" in joined
    assert "step 2: missing key 'path'" in joined
    assert "invariants[0]: unknown value 'nope'" in joined
    assert len(problems) == 10


def test_yaml_syntax_error_cites_its_position():
    (problem,) = problems_of("name: x\nsteps: [start\n")
    assert problem.startswith("s.yaml:3:1: invalid YAML:")


def test_duplicate_keys_are_reported_instead_of_silently_collapsed():
    problems = problems_of(VALID.replace("name: smallest\n", "name: a\nname: b\n"))
    assert problems == ("s.yaml:2:1: duplicate key (YAML keeps only the last one)",)


def test_a_document_that_is_not_a_mapping_is_refused():
    (problem,) = problems_of("- start\n")
    assert "expected a mapping with name, interview and steps, found list" in problem


def test_load_paths_collects_problems_from_every_file(tmp_path):
    (tmp_path / "a.yaml").write_text(VALID.replace("- start", "- strat"))
    (tmp_path / "b.yaml").write_text(VALID.replace("ai_followups: 1", "ai_followups: -1"))
    (tmp_path / "c.yaml").write_text(VALID)
    with pytest.raises(ScenarioFileError) as info:
        load_paths([tmp_path])
    assert len(info.value.problems) == 2
    assert str(info.value).startswith("2 problems in scenario files:")


def test_a_missing_path_is_one_readable_error(tmp_path):
    with pytest.raises(Exception, match=r"no such file or folder"):
        load_paths([tmp_path / "nope.yaml"])


def test_every_bundled_scenario_loads_and_matches_the_shipped_schema():
    files = sorted((ROOT / "scenarios").glob("*.yaml"))
    assert len(files) >= 8
    validator = jsonschema.Draft202012Validator(scenario_schema())
    for path in files:
        scenario = load_scenario(path)
        assert scenario.stem == path.stem
        assert not list(validator.iter_errors(yaml.safe_load(path.read_text())))


def test_the_shipped_schema_is_valid_and_lists_every_action():
    schema = scenario_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    from harness.scenario.model import ACTIONS

    assert tuple(schema["$defs"]["action"]["enum"]) == ACTIONS
    shipped = Path(__import__("harness").__file__).parent / "scenario" / "scenario.schema.json"
    assert json.loads(shipped.read_text()) == schema


def test_seed_override_keeps_everything_else():
    scenario = parse_scenario(VALID)
    assert scenario.with_seed(9).load.seed == 9
    assert scenario.with_seed(None) is scenario


CHAOS = (
    VALID
    + """\
chaos:
  commit_delay: -1
  jitter: soon
  statements: "(unclosed"
  seeds: 3
"""
)


def test_bad_chaos_values_cite_line_and_column():
    problems = problems_of(CHAOS)
    assert problems == (
        "s.yaml:15:17: chaos.commit_delay: expected a value >= 0, found -1",
        "s.yaml:16:11: chaos.jitter: expected a number (>= 0, <= 60), found 'soon'",
        "s.yaml:17:3: chaos: `statements` needs `statement_delay` (how long they wait)",
        "s.yaml:17:15: chaos.statements: invalid regular expression '(unclosed': "
        "missing ), unterminated subpattern at position 0",
        "s.yaml:18:3: chaos: unknown key 'seeds' (expected: commit_delay, statement_delay, "
        "statements, jitter, seed); did you mean 'seed'?",
    )


def test_a_chaos_block_becomes_a_frozen_value_with_defaults():
    scenario = parse_scenario(VALID + "chaos: {jitter: 0.1}\n", "s.yaml")
    assert scenario.chaos is not None
    assert (scenario.chaos.commit_delay, scenario.chaos.jitter, scenario.chaos.seed) == (
        0.5,
        0.1,
        None,
    )
    assert parse_scenario(VALID, "s.yaml").chaos is None
