"""`persistguard replay` refuses what cannot work before it replays anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cli import main

SCENARIO = str(Path(__file__).resolve().parents[2] / "scenarios" / "full-interview-sync.yaml")


@pytest.fixture
def pg_url(postgres_server) -> str:
    return postgres_server.url


@pytest.mark.parametrize("flag", ["--report-json", "--junit-xml"])
def test_an_output_file_in_a_missing_folder_is_refused_before_the_run(
    tmp_path, pg_url, capsys, flag
):
    target = tmp_path / "missing" / "report.out"
    code = main(["replay", SCENARIO, "--pg-url", pg_url, flag, str(target)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err == f"persistguard: error: {flag} {target}: folder {target.parent} does not exist\n"
    assert "full-interview-sync" not in out  # nothing was replayed


def test_an_output_file_that_is_a_folder_is_refused_before_the_run(tmp_path, pg_url, capsys):
    code = main(["replay", SCENARIO, "--pg-url", pg_url, "--report-json", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err == f"persistguard: error: --report-json {tmp_path}: is a folder\n"
    assert out == ""


def test_an_unknown_status_column_is_an_error_not_a_skipped_check(pg_url, capsys):
    code = main(["replay", SCENARIO, "--pg-url", pg_url, "--status-column", "stauts"])
    out, err = capsys.readouterr()
    assert code == 2, out
    assert "column `stauts` not found in table `interviews`" in err
    assert "--status-column" in err
    assert out == ""


def test_no_status_column_is_said_with_an_empty_value(pg_url, capsys):
    code = main(["replay", SCENARIO, "--pg-url", pg_url, "--status-column", ""])
    assert code == 0, capsys.readouterr().out
