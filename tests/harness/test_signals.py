"""Stops on every signal, in every mode: real subprocesses and signals; the server and disk checked.

Each test reads what is left where it lives, `pg_database` and the temporary
folder, never only what the process printed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psycopg
import pytest

from harness.postgres import PostgresServer
from harness.postgres.embedded import PREFIX as CLUSTER_PREFIX
from harness.postgres.naming import pid_alive

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
URL_VARIABLES = ("PERSISTGUARD_PG_URL", "DATABASE_URL", "PERSISTGUARD_PG_PROVIDER")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in URL_VARIABLES}
    env.update(PYTHONUNBUFFERED="1", **extra)
    return env


def _ours(server: PostgresServer, pids: set[int]) -> list[str]:
    """The harness databases on `server` that the processes `pids` created."""
    with psycopg.connect(server.url, autocommit=True) as conn:
        names = [row[0] for row in conn.execute("SELECT datname FROM pg_database")]
    return [n for n in names if n.startswith("persistguard_") and int(n.split("_")[2]) in pids]


def _stored(server: PostgresServer, pid: int) -> int:
    """Interviews stored so far in the replay's clone (0 before it exists)."""
    for name in _ours(server, {pid}):
        if "_tpl_" in name:
            continue
        try:
            with psycopg.connect(server.database_url(name), connect_timeout=5) as conn:
                row = conn.execute("SELECT count(*) FROM interviews").fetchone()
        except psycopg.Error:
            return 0
        return int(row[0]) if row else 0
    return 0


def _wait_for(predicate, timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


# -- the pytest plugin -----------------------------------------------------------------------

HOLDING_TEST = textwrap.dedent(
    """
    import os, time
    from pathlib import Path

    def test_holds(postgres_server, reference_template, reference_database):
        folder = getattr(postgres_server, "folder", "")
        data = Path(folder) / "data" / "postmaster.pid" if folder else None
        postmaster = data.read_text().split()[0] if data else ""
        Path(os.environ["MARKERS"], f"{os.getpid()}.txt").write_text(
            f"{reference_template.name} {reference_database.name} {folder} {postmaster}"
        )
        time.sleep(120)

    test_holds_too = test_holds
    """
)


def _pytest_held(tmp_path: Path, *args: str, workers: int = 0, **env: str):
    """Start pytest on a test that holds its databases; return it and the markers' fields."""
    (tmp_path / "test_hold.py").write_text(HOLDING_TEST)
    markers = tmp_path / "markers"
    markers.mkdir()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    command += ["-n", str(workers)] if workers else ["-p", "no:xdist"]
    proc = subprocess.Popen(
        [*command, str(tmp_path / "test_hold.py"), *args],
        cwd=tmp_path,
        env=_env(MARKERS=str(markers), **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    expected = max(workers, 1) if workers else 1
    _wait_for(
        lambda: len(list(markers.glob("*.txt"))) >= expected or proc.poll() is not None,
        120,
        "the held test",
    )
    assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
    time.sleep(0.2)  # every marker written whole
    fields = {int(p.stem): p.read_text().split() for p in markers.glob("*.txt")}
    return proc, fields


@pytest.mark.parametrize("workers", [0, 2], ids=["one-process", "xdist"])
@pytest.mark.parametrize("to_group", [False, True], ids=["to-pytest", "to-group"])
def test_pytest_on_a_url_drops_template_and_clones_on_sigterm(
    tmp_path, postgres_server, workers, to_group
):
    proc, fields = _pytest_held(tmp_path, "--pg-url", postgres_server.url, workers=workers)
    with proc:
        pids = set(fields)
        names = {name for values in fields.values() for name in values[:2]}
        assert set(_ours(postgres_server, pids)) >= names
        if to_group:  # what CI runners and `timeout --foreground`-less shells do
            os.killpg(proc.pid, signal.SIGTERM)
        else:  # the controller alone: it must see its workers through
            proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=120)
    assert _ours(postgres_server, pids) == [], out


def test_pytest_on_embedded_stops_the_postmaster_and_removes_its_folder_on_sigterm(tmp_path):
    proc, fields = _pytest_held(tmp_path, "--pg-provider", "embedded")
    with proc:
        ((_, _, folder, postmaster),) = fields.values()
        assert Path(folder).is_dir() and pid_alive(int(postmaster))
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=120)
    assert not Path(folder).exists(), out
    _wait_for(lambda: not pid_alive(int(postmaster)), 10, "the postmaster to stop")


# -- an embedded start, interrupted ----------------------------------------------------------


def _our_cluster_folders(pid: int) -> list[Path]:
    found = []
    for folder in Path(tempfile.gettempdir()).glob(CLUSTER_PREFIX + "*"):
        try:
            if int((folder / "owner.pid").read_text()) == pid:
                found.append(folder)
        except (OSError, ValueError):
            continue
    return found


@pytest.mark.parametrize("delay", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_an_embedded_start_interrupted_leaves_no_cluster_folder(signum, delay):
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "serve", "--port", "0", "--pg-provider", "embedded"],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with proc:
        _wait_for(lambda: _our_cluster_folders(proc.pid) or proc.poll() is not None, 60, "folder")
        folders = _our_cluster_folders(proc.pid)
        time.sleep(delay)
        postmaster_file = folders[0] / "data" / "postmaster.pid"
        proc.send_signal(signum)
        postmaster = None
        if postmaster_file.exists():
            postmaster = int(postmaster_file.read_text().split()[0] or 0) or None
        _, err = proc.communicate(timeout=60)
    assert [f for f in folders if f.exists()] == [], err
    if postmaster:
        _wait_for(lambda: not pid_alive(postmaster), 10, "the postmaster to stop")
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last in (
        "persistguard: interrupted; everything created was dropped",
        "persistguard serve: stopped",
    ), err


# -- replay ----------------------------------------------------------------------------------


def test_sigterm_during_replay_cancels_drops_and_says_one_line(postgres_server):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "harness.cli",
            "replay",
            str(SCENARIOS / "fifty-interviews-side-by-side.yaml"),
            "--pg-url",
            postgres_server.url,
        ],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with proc:
        # the replay is under way: interviews are being stored, requests are in flight
        _wait_for(
            lambda: _stored(postgres_server, proc.pid) >= 10 or proc.poll() is not None,
            120,
            "the replay to store interviews",
        )
        assert proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    start, *rest = err.splitlines()  # the run's start line, then the stop's one line
    assert start.startswith("persistguard replay: 1 scenario(s)")
    assert rest == ["persistguard: interrupted; everything created was dropped"]
    assert _ours(postgres_server, {proc.pid}) == []


# -- serve -----------------------------------------------------------------------------------


def test_serve_on_a_busy_port_is_one_line_naming_the_port_exit_2(postgres_server):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "harness.cli",
                "serve",
                "--port",
                str(port),
                "--pg-url",
                postgres_server.url,
            ],
            env=_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"persistguard: error: cannot listen on 127.0.0.1:{port}: ")
    assert "in use" in lines[0]


@pytest.mark.parametrize(
    ("signum", "to_group"),
    [(signal.SIGINT, True), (signal.SIGTERM, False)],
    ids=["ctrl-c-to-the-group", "sigterm-to-the-parent"],
)
def test_mutants_in_workers_stop_and_drop_every_clone(postgres_server, signum, to_group):
    def everything() -> set[str]:
        with psycopg.connect(postgres_server.url, autocommit=True) as conn:
            rows = conn.execute("SELECT datname FROM pg_database").fetchall()
        return {str(row[0]) for row in rows if str(row[0]).startswith("persistguard_")}

    before = everything()
    command = [sys.executable, "-m", "harness.cli", "mutants", "--run", "--jobs", "2"]
    command += ["--pg-url", postgres_server.url, "--mutant", "drop-row-lock"]
    command += ["--mutant", "spawn-before-commit"]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # a shell's background job ignores SIGINT; Ctrl-C in a terminal does not
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    with proc:
        # the template and a clone from each of the two workers
        _wait_for(lambda: len(everything() - before) >= 3, 120, "the workers' clones")
        if to_group:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == (
        "persistguard: interrupted; everything created was dropped"
    )
    assert everything() - before == set()
