"""The explorer: Hypothesis finds a mutant's failure, shrinks it, and the file it writes replays
red on that mutant and green on the reference app."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cli import main
from harness.explore import ExploreSettings, explore, write_regression
from harness.mutants import RunSettings, all_mutants, build
from harness.mutants.runtime_check import run_scenarios
from harness.postgres import PostgresChoice, TemplateDatabase
from harness.scenario.loader import load_scenario
from reference_app.db import create_schema

ROOT = Path(__file__).resolve().parents[3]
REGRESSIONS = ROOT / "scenarios" / "regressions"
MUTANTS = {m.name: m for m in all_mutants()}


@pytest.fixture
def template(postgres_server):
    tpl = TemplateDatabase(postgres_server, create_schema, label="explore_test_tpl")
    yield tpl
    tpl.drop()


def _kills(mutant_name, path, template, tmp_path, runs=2):
    """In how many of `runs` the scenario at `path` fails on the mutant (None: reference)."""
    copy = build(MUTANTS[mutant_name] if mutant_name else None, tmp_path / (mutant_name or "ref"))
    main_module = copy.import_app()
    try:
        outcome = run_scenarios(
            main_module,
            [load_scenario(path)],
            template,
            RunSettings(runs=runs, vary_seed=False),
            copy.name,
            quiet=mutant_name is not None,
        )
    finally:
        copy.forget()
    return outcome.killed_runs()


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_written_regression_is_red_on_its_mutant_and_green_on_the_app(path, template, tmp_path):
    mutant = next(name for name in MUTANTS if path.stem.startswith(name + "-"))
    assert _kills(mutant, path, template, tmp_path) == 2
    assert _kills(None, path, template, tmp_path) == 0
    assert path.read_text().startswith("# Regression found by `persistguard explore --mutant ")


@pytest.mark.mutants  # a search and its shrink: minutes on a loaded machine
def test_the_explorer_finds_shrinks_and_writes_a_replayable_case(
    postgres_server, template, tmp_path
):
    options = ExploreSettings(
        mutant="drop-flag-modified",
        budget=60,
        shrink_budget=120,
        seed=0,
        postgres=PostgresChoice(url=postgres_server.url, provider="url"),
        examples_dir=str(tmp_path / "examples"),
    )
    found = explore(options)
    assert found.finding is not None and found.seed == 0
    assert "final_state" in found.finding.broken
    # Shrunk: no step beyond what losing a write needs.
    assert found.finding.document["steps"][0] == "start"
    assert len(found.finding.document["steps"]) <= 3
    path = write_regression(found, tmp_path / "regressions")
    assert path.name.startswith("drop-flag-modified-")
    assert "--mutant drop-flag-modified --seed 0" in path.read_text().splitlines()[0]
    assert _kills("drop-flag-modified", path, template, tmp_path, runs=1) == 1
    assert _kills(None, path, template, tmp_path, runs=1) == 0
    assert any((tmp_path / "examples").iterdir())  # Hypothesis kept the example


def test_a_bad_budget_is_a_usage_error(capsys):
    assert main(["explore", "--budget", "0"]) == 2
    assert "--budget must be a positive number of seconds, got 0.0" in capsys.readouterr().err


def test_an_unknown_mutant_is_named(postgres_server, capsys):
    code = main(["explore", "--mutant", "nope", "--pg-url", postgres_server.url])
    assert code == 2
    assert "unknown mutant `nope`" in capsys.readouterr().err


def test_exploring_the_reference_app_finds_nothing_and_prints_the_seed(
    postgres_server, tmp_path, capsys
):
    code = main(
        [
            "explore",
            "--budget",
            "5",
            "--seed",
            "3",
            "--pg-url",
            postgres_server.url,
            "--out",
            str(tmp_path / "regressions"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "target reference, seed 3 (rerun: --seed 3)" in out
    assert "no invariant failed" in out
    assert not (tmp_path / "regressions").exists()
