"""Scenario files as pytest items, black-box through pytester (and pytest-xdist)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[3]
PASSING = (ROOT / "scenarios" / "full-interview-sync.yaml").read_text()
FAILING = PASSING.replace("final:\n  status: completed\n  message_count: 42",
                          "final:\n  status: completed\n  message_count: 40")
INI = "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(INI)
    folder = pytester.mkdir("scenarios")
    (folder / "passing-flow.yaml").write_text(PASSING)
    return pytester


def run(pytester: pytest.Pytester, pg_url: str, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("--pg-url", pg_url, "-p", "no:cacheprovider", *args)


def test_each_scenario_file_is_one_item(project, postgres_server):
    result = run(project, postgres_server.url, "scenarios", "-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*scenarios/passing-flow.yaml::passing-flow PASSED*"])


def test_a_violated_invariant_shows_the_evidence_and_transcript(project, postgres_server):
    (project.path / "scenarios" / "wrong-count.yaml").write_text(FAILING)
    result = run(project, postgres_server.url, "scenarios")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "scenarios/wrong-count.yaml: 1 failure(s) in final_state (seed 0, target asgi*",
        "[[]final_state] interview 1 (*",
        "*expected: status completed, 40 messages",
        "*stored:   42 messages",
        "*SQL: SELECT*",
        "*transcript of interview 1 (25 operations):*",
    ])
    assert "Traceback" not in result.stdout.str()


def test_a_bad_file_is_a_readable_collection_error(project, postgres_server):
    (project.path / "scenarios" / "typo.yaml").write_text(PASSING.replace("answer_all", "anwser"))
    result = run(project, postgres_server.url, "scenarios")
    result.assert_outcomes(errors=1)  # pytest stops a run whose collection failed
    result.stdout.fnmatch_lines(["*scenarios/typo.yaml:*: step 3: unknown action 'anwser'*"])


def test_only_files_matching_the_glob_are_collected(project, postgres_server):
    other = project.mkdir("flows")
    (other / "only-this.yaml").write_text(PASSING)
    (project.path / "config.yaml").write_text("not: a scenario\n")
    result = run(project, postgres_server.url, ".", "--scenarios", "flows/*.yaml",
                 "--collect-only", "-q")
    result.stdout.fnmatch_lines(["flows/only-this.yaml::only-this"])
    assert "passing-flow" not in result.stdout.str()
    assert "config.yaml" not in result.stdout.str()


def test_the_glob_comes_from_the_ini_file_too(project, postgres_server):
    project.makeini(INI + "persistguard_scenarios = scenarios/passing-*.yaml\n")
    (project.path / "scenarios" / "other.yaml").write_text(PASSING)
    result = run(project, postgres_server.url, "scenarios", "--collect-only", "-q")
    assert "passing-flow" in result.stdout.str() and "other" not in result.stdout.str()


def test_scenarios_run_under_xdist(project, postgres_server):
    (project.path / "scenarios" / "second-flow.yaml").write_text(PASSING)
    result = run(project, postgres_server.url, "scenarios", "-n", "2")
    result.assert_outcomes(passed=2)


USER_TEST = '''
from pathlib import Path

async def test_runner_fixture_replays_a_file(scenario_runner):
    verdict = await scenario_runner.run(Path("scenarios/passing-flow.yaml"), seed=3)
    assert verdict.passed and verdict.run.scenario.load.seed == 3

async def test_client_fixture_talks_to_the_reference_app(reference_client):
    reply = await reference_client.post("/interviews", json={
        "project_title": "T", "project_description": "D", "ai_followups": 0})
    assert reply.status_code == 201
'''


def test_fixtures_for_users_own_tests(project, postgres_server):
    project.makepyfile(test_user=USER_TEST)
    result = run(project, postgres_server.url, "test_user.py")
    result.assert_outcomes(passed=2)
