"""The plugin in a project with no set-up: any asyncio_mode, warnings as errors, `.yml` files,
readable verdicts, and a `--help` that names its values."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[3]
PASSING = (ROOT / "scenarios" / "full-interview-sync.yaml").read_text()
FAILING = PASSING.replace(
    "final:\n  status: completed\n  message_count: 42",
    "final:\n  status: completed\n  message_count: 40",
)

USES_ASYNC_FIXTURES = """
import pytest

@pytest.mark.asyncio
async def test_client_reaches_the_app(reference_client):
    response = await reference_client.post("/interviews", json={
        "project_title": "t", "project_description": "d", "ai_followups": 1})
    assert response.status_code == 201

@pytest.mark.asyncio
async def test_runner_judges_a_scenario(scenario_runner):
    verdict = await scenario_runner.run("scenarios/flow.yml")
    assert verdict
    verdict.raise_for_failures()
"""


def run(pytester: pytest.Pytester, pg_url: str, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("--pg-url", pg_url, "-p", "no:cacheprovider", *args)


@pytest.mark.parametrize(
    "ini",
    [
        "[pytest]\nfilterwarnings = error\n",
        "[pytest]\nasyncio_mode = strict\nfilterwarnings = error\n",
    ],
)
def test_async_fixtures_work_with_no_asyncio_set_up_and_warnings_as_errors(
    pytester, postgres_server, ini
):
    pytester.makeini(ini)
    (pytester.mkdir("scenarios") / "flow.yml").write_text(PASSING)
    pytester.makepyfile(test_fixtures=USES_ASYNC_FIXTURES)
    result = run(pytester, postgres_server.url, "-W", "error")
    result.assert_outcomes(passed=3)  # the two tests and the .yml scenario item
    assert "warnings summary" not in result.stdout.str()
    assert "warning" not in result.stdout.lines[-1]


def test_yml_and_yaml_files_are_both_collected(pytester, postgres_server):
    folder = pytester.mkdir("scenarios")
    (folder / "one.yaml").write_text(PASSING)
    (folder / "two.yml").write_text(PASSING)
    result = run(pytester, postgres_server.url, "--collect-only", "-q")
    result.stdout.fnmatch_lines(["scenarios/one.yaml::one", "scenarios/two.yml::two"])


def test_help_names_each_value_and_the_default_glob(pytester):
    result = pytester.runpytest_subprocess("--help")
    text = result.stdout.str()
    assert "--pg-url=URL" in text and "--pg-provider=PROVIDER" in text
    assert "--scenarios=GLOB" in text and "--seed=SEED" in text
    assert "PERSISTGUARD_PG_URL" not in text.split("--pg-url=")[1].split()[0]
    assert "scenarios/**/*.y*ml" in text


FAILS_BY_ASSERT = """
import pytest

@pytest.mark.asyncio
async def test_assert_verdict(scenario_runner):
    verdict = await scenario_runner.run("scenarios/wrong.yaml")
    assert verdict

@pytest.mark.asyncio
async def test_raise_for_failures(scenario_runner):
    verdict = await scenario_runner.run("scenarios/wrong.yaml")
    verdict.raise_for_failures()
"""


def test_a_failed_verdict_reads_as_the_cli_prints_it(pytester, postgres_server):
    pytester.makeini("[pytest]\nfilterwarnings = error\npersistguard_scenarios = none/*.yaml\n")
    (pytester.mkdir("scenarios") / "wrong.yaml").write_text(FAILING)
    pytester.makepyfile(test_verdicts=FAILS_BY_ASSERT)
    result = run(pytester, postgres_server.url)
    result.assert_outcomes(failed=2)
    out = result.stdout.str()
    headline = "scenarios/wrong.yaml: 1 failure(s) in final_state (seed 0, target asgi"
    # `assert verdict`: a one-line repr, then the full text in the report
    result.stdout.fnmatch_lines([f"*assert <Verdict {headline}*"])
    result.stdout.fnmatch_lines(
        ["*persistguard verdict*", f"{headline}*", "", "[[]final_state] interview 1 (*"]
    )
    # raise_for_failures(): the text is the exception's message
    result.stdout.fnmatch_lines(
        [
            "E*harness.check.verdict.VerdictFailed: " + headline + "*",
            "E*",
            "E*[[]final_state] interview 1 (*",
        ]
    )
    # once per test: no duplicate section (the short summary, which pytest prints in full
    # when the CI variable is set, is left out of the count)
    failures = out.split("short test summary info")[0]
    assert failures.count("stored:   42 messages") == 2
    assert "RunResult(" not in out and "InvariantResult(" not in out
