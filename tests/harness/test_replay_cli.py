"""`persistguard replay`: exit codes, the table, the JSON report and JUnit XML."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from harness.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def pg_url(postgres_server) -> str:
    """Point the CLI at the session's server instead of provisioning another one."""
    return postgres_server.url


def test_passing_scenarios_exit_0_with_table_json_and_junit(tmp_path, pg_url, capsys):
    files = [SCENARIOS / "full-interview-sync.yaml", SCENARIOS / "bad-inputs.yaml"]
    code = main(["replay", *map(str, files), "--pg-url", pg_url, "--seed", "7",
                 "--report-json", str(tmp_path / "r.json"), "--junit-xml", str(tmp_path / "r.xml")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "full-interview-sync" in out and " 8/8\n" in out
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["passed"] is True
    assert [s["scenario"] for s in report["scenarios"]] == ["full-interview-sync", "bad-inputs"]
    assert report["scenarios"][0]["seed"] == 7 and report["scenarios"][0]["operations"] == 25
    suites = ET.parse(tmp_path / "r.xml").getroot()
    assert [s.get("name") for s in suites] == ["full-interview-sync", "bad-inputs"]
    assert suites[0].get("failures") == "0" and suites[0].get("tests") == "8"


def test_a_failed_invariant_exits_1_and_names_it(tmp_path, pg_url, capsys):
    text = (SCENARIOS / "full-interview-sync.yaml").read_text()
    bad = tmp_path / "wrong-final-count.yaml"
    bad.write_text(text.replace("final:\n  status: completed\n  message_count: 42",
                                "final:\n  status: completed\n  message_count: 41"))
    code = main(["replay", str(bad), "--pg-url", pg_url, "--junit-xml", str(tmp_path / "r.xml")])
    out = capsys.readouterr().out
    assert code == 1
    assert "[final_state] interview 1" in out
    assert "expected: status completed, 41 messages" in out and "stored:   42 messages" in out
    assert "transcript of interview 1" in out
    failures = ET.parse(tmp_path / "r.xml").getroot().findall(".//failure")
    assert len(failures) == 1 and "41 messages" in failures[0].get("message")


def test_a_bad_file_exits_2_with_every_problem(tmp_path, pg_url, capsys):
    shutil.copy(SCENARIOS / "full-interview-sync.yaml", tmp_path / "good.yaml")
    (tmp_path / "bad.yaml").write_text("name: x\ninterview: {}\nsteps: [anwser]\n")
    code = main(["replay", str(tmp_path), "--pg-url", pg_url])
    err = capsys.readouterr().err
    assert code == 2
    assert "persistguard: error: 3 problems in scenario files:" in err
    assert "bad.yaml:3:9: step 1: unknown action 'anwser'" in err


def test_base_url_without_db_url_is_a_usage_error(capsys):
    code = main(["replay", str(SCENARIOS / "full-interview-sync.yaml"),
                 "--base-url", "http://127.0.0.1:9"])
    assert code == 2
    assert "--base-url needs --db-url" in capsys.readouterr().err


def test_an_unreachable_backend_is_one_line_exit_2(reference_database, capsys):
    code = main(["replay", str(SCENARIOS / "full-interview-sync.yaml"),
                 "--base-url", "http://127.0.0.1:9", "--db-url", reference_database.url])
    err = capsys.readouterr().err
    assert code == 2
    start, error = err.strip().splitlines()  # the start line names the database, then one error
    assert start.startswith("persistguard replay: 1 scenario(s), 1 interview(s) against "
                            "http://127.0.0.1:9 on PostgreSQL ")
    assert error.startswith("persistguard: error: cannot reach the backend at http://127.0.0.1:9")


def test_an_unreachable_database_is_one_line_exit_2(capsys):
    code = main(["replay", str(SCENARIOS / "full-interview-sync.yaml"),
                 "--pg-url", "postgresql://nobody@127.0.0.1:9/none"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("persistguard: error: no PostgreSQL:")
    assert len(err.strip().splitlines()) == 1
