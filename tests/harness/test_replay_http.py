"""Replay over real HTTP: a uvicorn server in a thread, and `persistguard serve` in a subprocess."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name in ("PERSISTGUARD_PG_URL", "DATABASE_URL"):
        env.pop(name, None)
    serve = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 120  # generous: CI machines can be loaded
        while not any("database:" in line for line in lines):
            lines.append(serve.stdout.readline())
            assert serve.poll() is None and time.monotonic() < deadline, "".join(lines)
        text = "".join(lines)
        base_url = re.search(r"on (http://\S+)", text)[1]
        db_url = re.search(r"database: (\S+)", text)[1]
        report = tmp_path / "r.json"
        replay = subprocess.run(
            [sys.executable, "-m", "harness.cli", "replay", str(SCENARIOS), "--base-url",
             base_url, "--db-url", db_url, "--report-json", str(report)],
            capture_output=True, text=True, timeout=300, env=env)
        assert replay.returncode == 0, replay.stdout + replay.stderr
        assert '"passed": true' in report.read_text()
    finally:
        serve.send_signal(signal.SIGINT)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()
        serve.stdout.close()
