"""Replay over real HTTP: a uvicorn server in a thread, and `persistguard serve` in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from serve_process import persistguard_serve

from harness.cli import main
from harness.run.http_server import serve_in_thread
from reference_app import Settings, create_app

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
FILES = [str(SCENARIOS / name) for name in
         ("full-interview-async.yaml", "concurrent-double-submissions.yaml",
          "idempotent-retries.yaml", "bad-inputs.yaml")]


def test_replay_over_http_against_uvicorn(reference_database, capsys):
    app = create_app(Settings(reference_database.url))
    with serve_in_thread(app) as base_url:
        code = main(["replay", *FILES, "--base-url", base_url, "--db-url", reference_database.url])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.count(" 8/8\n") == len(FILES)


def test_storage_mapping_flags_point_the_checker_elsewhere(reference_database, capsys):
    app = create_app(Settings(reference_database.url))
    with serve_in_thread(app) as base_url:
        code = main(["replay", FILES[0], "--base-url", base_url, "--db-url",
                     reference_database.url, "--table", "conversations"])
    assert code == 2
    assert "table `conversations` not found" in capsys.readouterr().err


@pytest.mark.slow
def test_replay_against_persistguard_serve(tmp_path):
    with persistguard_serve() as served:
        base_url, db_url, env = served.base_url, served.db_url, served.env
        report = tmp_path / "r.json"
        replay = subprocess.run(
            [sys.executable, "-m", "harness.cli", "replay", str(SCENARIOS), "--base-url",
             base_url, "--db-url", db_url, "--report-json", str(report)],
            capture_output=True, text=True, timeout=300, env=env)
        assert replay.returncode == 0, replay.stdout + replay.stderr
        assert '"passed": true' in report.read_text()
