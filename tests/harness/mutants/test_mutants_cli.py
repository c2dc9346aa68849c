"""`persistguard mutants`: the table per mutant, exit 1 with the reason when a check misses one."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cli import main
from harness.mutants import RunSettings, all_mutants, evaluate
from harness.postgres import PostgresChoice
from harness.scenario.loader import load_paths

ROOT = Path(__file__).resolve().parents[3]
SCENARIOS = ROOT / "scenarios"

#: The default run's subset: one mutant per kind of kill, on the scenarios that kill them.
FAST = ["drop-flag-modified", "ignore-idempotency-key-send-message", "flag-modified-before-append"]
FAST_SCENARIOS = ["full-interview-sync.yaml", "idempotent-retries.yaml"]


def test_list_names_every_mutant_and_what_each_check_should_do(capsys):
    assert main(["mutants", "--list"]) == 0
    out = capsys.readouterr().out
    for mutant in all_mutants():
        assert mutant.name in out
    assert "linter: flag ORM001" in out and "survive (argued equivalent)" in out


def test_diff_prints_the_mutants_patch(capsys):
    assert main(["mutants", "--diff", "drop-row-lock"]) == 0
    out = capsys.readouterr().out
    assert "-        .with_for_update()\n" in out
    assert [line for line in out.splitlines() if line.startswith("+") and line[:3] != "+++"] == []


def test_an_unknown_mutant_is_a_usage_error(capsys):
    assert main(["mutants", "--mutant", "drop-everything"]) == 2
    assert "unknown mutant(s) drop-everything" in capsys.readouterr().err


def test_fast_subset_is_flagged_and_killed_in_every_run(postgres_server):
    mutants = {m.name: m for m in all_mutants()}
    scenarios = load_paths([SCENARIOS / name for name in FAST_SCENARIOS])
    results = evaluate(
        [None, *(mutants[name] for name in FAST)],
        scenarios,
        postgres=PostgresChoice(url=postgres_server.url, provider="url"),
        settings=RunSettings(runs=2),
    )
    by_name = {r.mutant.name if r.mutant else "reference": r for r in results}
    assert {name: r.problems() for name, r in by_name.items()} == {key: [] for key in by_name}
    assert by_name["reference"].runtime.killers() == {}
    assert by_name["drop-flag-modified"].lint_cell() == "ORM001 services/conversation.py:133"
    assert by_name["drop-flag-modified"].runtime.killers() == {
        "full-interview-sync": 2,
        "idempotent-retries": 2,
    }
    assert by_name["ignore-idempotency-key-send-message"].runtime.killers() == {
        "idempotent-retries": 2
    }
    assert by_name["flag-modified-before-append"].kill_cell() == "none (equivalent)"


def test_a_mutant_that_survives_is_a_failing_result_with_the_reason(postgres_server, capsys):
    # full-interview-sync never retries: nothing in it can see an ignored Idempotency-Key.
    code = main(
        [
            "mutants",
            "--run",
            "--pg-url",
            postgres_server.url,
            "--mutant",
            "ignore-idempotency-key-send-message",
            "--scenario",
            str(SCENARIOS / "full-interview-sync.yaml"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL ignore-idempotency-key-send-message: survived 1 of 1 run(s)" in out


@pytest.mark.mutants
def test_every_mutant_is_flagged_or_argued_and_killed_in_every_run(postgres_server, capsys):
    code = main(["mutants", "--run", "--jobs", "4", "--pg-url", postgres_server.url])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "FAIL" not in out and out.count(" ok ") == len(all_mutants()) + 1  # + the reference


def test_commit_delay_amplifies_every_run_through_the_proxy(postgres_server, capsys):
    # full-interview-async has no chaos block: only --commit-delay puts the proxy in between,
    # and with every COMMIT held, the job spawned before its commit misses the answer each run.
    code = main(
        [
            "mutants",
            "--run",
            "--runs",
            "2",
            "--commit-delay",
            "0.2",
            "--pg-url",
            postgres_server.url,
            "--mutant",
            "spawn-before-commit",
            "--scenario",
            str(SCENARIOS / "full-interview-async.yaml"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out  # 0: killed in both runs (a survivor would be exit 1)
    assert "every app through the proxy: COMMIT +0.2 s" in " ".join(out.split())


def test_a_scenarios_chaos_block_is_honoured_in_mutant_runs(postgres_server):
    mutants = {m.name: m for m in all_mutants()}
    scenario = load_paths([SCENARIOS / "followup-behind-held-commit.yaml"])
    results = evaluate(
        [mutants["spawn-before-commit"]],
        scenario,
        postgres=PostgresChoice(url=postgres_server.url, provider="url"),
        settings=RunSettings(runs=2),
    )
    seen = [verdict.run.target for verdict in results[0].runtime.verdicts]
    assert results[0].runtime.killers() == {"followup-behind-held-commit": 2}
    assert len(seen) == 2 and all("through proxy (COMMIT +0.2 s" in t for t in seen), seen


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--commit-delay", "0.1"], "--commit-delay and --jitter amplify scenario runs: add --run"),
        (["--run", "--commit-delay", "-1"], "`commit_delay` must be a number of seconds >= 0"),
    ],
)
def test_bad_amplification_is_a_usage_error(extra, message, capsys):
    assert main(["mutants", "--mutant", "drop-row-lock", *extra]) == 2
    assert message in capsys.readouterr().err


def test_a_run_that_hangs_is_cut_short_counted_and_cleaned_up(postgres_server, tmp_path):
    # A 1 s AI against a 0.5 s budget stands in for a mutant that exhausts its pool.
    from harness.mutants import build
    from harness.mutants.runtime_check import run_scenarios
    from harness.postgres import TemplateDatabase
    from reference_app.db import create_schema

    template = TemplateDatabase(postgres_server, create_schema, label="hung_tpl")
    copy = build(None, tmp_path)
    try:
        outcome = run_scenarios(
            copy.import_app(),
            load_paths([SCENARIOS / "full-interview-async.yaml"]),
            template,
            RunSettings(ai_latency=1.0, hung_after=0.5),
            copy.name,
        )
        with postgres_server.admin_connection() as conn:
            left = conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", ("%full_interview%",)
            ).fetchall()
    finally:
        copy.forget()
        template.drop()
    assert [k.broken for k in outcome.kills] == [("hung: no verdict within 0.5 s",)]
    assert outcome.verdicts == [] and left == []
