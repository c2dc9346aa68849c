"""`persistguard locust` end to end: real Locust processes, real HTTP, real PostgreSQL.

Standalone against the reference app under uvicorn (passes), against the
same app behind a wire fault that acknowledges a manual message and stores
nothing (fails, exit 1), and a master with two workers on loopback against
`persistguard serve` in its own process.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from probe import write_probe
from serve_process import persistguard_serve

from harness.cli import main
from harness.run.http_server import serve_in_thread
from reference_app import Settings, create_app


def _wire_fault() -> type:
    """`WireFault` from the broken backends the invariant tests use (tests/harness/check)."""
    path = Path(__file__).resolve().parents[1] / "check" / "broken_backends.py"
    spec = importlib.util.spec_from_file_location("broken_backends_for_locust", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WireFault


def test_a_standalone_run_against_uvicorn_holds_every_invariant(
    reference_database, tmp_path, capsys
):
    scenario = write_probe(tmp_path)
    report = tmp_path / "report.json"
    with serve_in_thread(create_app(Settings(reference_database.url))) as base_url:
        code = main(["locust", str(scenario), "--base-url", base_url,
                     "--db-url", reference_database.url, "--report-json", str(report)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Locust standalone, 2 users:" in out and "0 failed, played by local" in out
    assert " 8/8\n" in out
    (summary,) = json.loads(report.read_text())["scenarios"]
    assert summary["passed"] and summary["interviews"] == 3
    assert summary["operations"] >= 3 * 23  # create, start, note, 19 answers, final read
    assert "locust standalone" in summary["target"]
    # every operation reached Locust's own statistics too (its count includes the job waits)
    counted = int(re.search(r"users: (\d+) requests and waits", out)[1])
    assert counted >= summary["operations"]


def test_a_backend_that_loses_an_acknowledged_write_fails(reference_database, tmp_path, capsys):
    scenario = write_probe(tmp_path, interviews=2)
    app = _wire_fault()(create_app(Settings(reference_database.url)), "drop_manual")
    with serve_in_thread(app) as base_url:
        code = main(["locust", str(scenario), "--base-url", base_url,
                     "--db-url", reference_database.url])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "[acknowledged_stored_once] interview 1" in out
    assert "[acknowledged_stored_once] interview 2" in out
    assert "stored:   0 copies: the message was lost" in out


def test_a_bad_file_stops_everything_before_any_load(tmp_path, capsys):
    (tmp_path / "bad.yaml").write_text("name: x\ninterview: {}\nsteps: [anwser]\n")
    code = main(["locust", str(tmp_path), "--base-url", "http://127.0.0.1:9",
                 "--db-url", "postgresql://nobody@127.0.0.1:9/none"])
    err = capsys.readouterr().err
    assert code == 2
    assert re.search(r"bad\.yaml:\d+:\d+: ", err) and "Traceback" not in err


def test_an_unreachable_backend_is_one_line_before_locust_starts(tmp_path, capsys):
    code = main(["locust", str(write_probe(tmp_path)), "--base-url", "http://127.0.0.1:9",
                 "--db-url", "postgresql://nobody@127.0.0.1:9/none"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("persistguard: error: cannot reach the backend at http://127.0.0.1:9")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_a_master_and_two_workers_against_persistguard_serve(tmp_path):
    with persistguard_serve() as served:
        base_url, db_url, env = served.base_url, served.db_url, served.env
        report = tmp_path / "report.json"
        run = subprocess.run(
            [sys.executable, "-m", "harness.cli", "locust", str(write_probe(tmp_path, 4)),
             "--workers", "2", "--base-url", base_url, "--db-url", db_url,
             "--report-json", str(report)],
            capture_output=True, text=True, timeout=300, env=env)
        assert run.returncode == 0, run.stdout + run.stderr
        played_by = re.search(r"Locust master \+ 2 workers, 2 users: .* played by (.+)", run.stdout)
        assert played_by is not None, run.stdout
        assert len(played_by[1].split(", ")) == 2  # both workers played copies
        (summary,) = json.loads(report.read_text())["scenarios"]
        assert summary["passed"] and summary["interviews"] == 4
        assert "locust master + 2 workers" in summary["target"]


@pytest.mark.slow
def test_a_remote_worker_joins_with_the_command_the_master_prints(reference_database, tmp_path):
    # "remote" on loopback: the worker is started by hand, from the printed command alone
    env = {**os.environ, "PYTHONUNBUFFERED": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    with serve_in_thread(create_app(Settings(reference_database.url))) as base_url:
        master = subprocess.Popen(
            [sys.executable, "-m", "harness.cli", "locust", str(write_probe(tmp_path, 2)),
             "--remote-workers", "1", "--base-url", base_url, "--db-url", reference_database.url],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            told = [master.stderr.readline(), master.stderr.readline()]
            assert "waits for 1 remote worker(s); on each load machine run:" in told[0], told
            worker = subprocess.run(["bash", "-c", told[1].strip()], cwd=tmp_path, env=env,
                                    capture_output=True, text=True, timeout=300)
            out, err = master.communicate(timeout=300)
        finally:
            if master.poll() is None:
                master.kill()
                master.communicate()
    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert master.returncode == 0, out + err
    assert "Locust master + 1 worker, 1 remote, 2 users:" in out and " 8/8\n" in out
