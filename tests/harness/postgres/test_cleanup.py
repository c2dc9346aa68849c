"""Everything the harness creates is gone after exit, after Ctrl-C, and after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psycopg
import pytest

from harness.postgres import PostgresChoice, PostgresServer, provision, release

SCRIPT = textwrap.dedent(
    """
    import sys, time
    from harness.postgres import PostgresChoice, TemplateDatabase, provision
    server = provision(PostgresChoice(url=sys.argv[1]))
    template = TemplateDatabase(server, lambda url: None)
    clones = [template.clone("held") for _ in range(2)]
    print(template.name, *[c.name for c in clones], flush=True)
    time.sleep(60)
    """
)


def _read_line(proc: subprocess.Popen[str], needle: str, timeout: float = 30.0) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if needle in line:
            return line
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(
        f"never printed {needle!r}; stderr: {proc.stderr.read() if proc.stderr else ''}"
    )


def _start_holder(url: str) -> tuple[subprocess.Popen[str], list[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    names = _read_line(proc, "persistguard_").split()
    return proc, names


def test_ctrl_c_drops_every_database_created(postgres_server: PostgresServer) -> None:
    proc, names = _start_holder(postgres_server.url)
    with proc:
        assert all(postgres_server.database_exists(n) for n in names)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert [n for n in names if postgres_server.database_exists(n)] == []


def test_leftovers_of_a_killed_run_are_swept_at_next_start(postgres_server: PostgresServer) -> None:
    proc, names = _start_holder(postgres_server.url)
    with proc:
        proc.kill()  # no cleanup at all, as in a crash or `kill -9`
        proc.wait(timeout=30)
    assert all(postgres_server.database_exists(n) for n in names)
    again = provision(PostgresChoice(url=postgres_server.url))
    try:
        assert [n for n in names if postgres_server.database_exists(n)] == []
    finally:
        release(again)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_interrupted_stops_the_embedded_server_and_removes_its_folder(signum: int) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PERSISTGUARD_PG_URL", "DATABASE_URL", "PERSISTGUARD_PG_PROVIDER")
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "serve", "--port", "0", "--pg-provider", "embedded"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    with proc:
        _read_line(proc, "reference app on http://")
        db_line = _read_line(proc, "database:")
        url = db_line.split("database:", 1)[1].split()[0]
        socket_dir = Path(parse_qs(urlparse(url).query)["host"][0])
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT to_regclass('interviews') IS NOT NULL").fetchone()
        assert row == (True,)
        proc.send_signal(signum)
        proc.wait(timeout=60)
    assert not socket_dir.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=3).close()


def test_serve_with_unreachable_url_prints_one_line_and_exits_2() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "harness.cli",
            "serve",
            "--pg-url",
            "postgresql://postgres@127.0.0.1:9/postgres",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines == [lines[0]] and lines[0].startswith(
        "persistguard: error: no PostgreSQL: --pg-url"
    )


EMBEDDED_HOLDER = textwrap.dedent(
    """
    import time
    from harness.postgres import PostgresChoice, provision
    server = provision(PostgresChoice(provider="embedded"))
    print("folder", server.folder, flush=True)
    time.sleep(60)
    """
)


def test_a_cluster_left_by_a_killed_run_is_stopped_and_removed_at_next_start() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", EMBEDDED_HOLDER],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        folder = Path(_read_line(proc, "folder ").split(None, 1)[1].strip())
        postmaster = int((folder / "data" / "postmaster.pid").read_text().split()[0])
        proc.kill()  # no atexit, no cleanup: the postmaster keeps running
        proc.wait(timeout=30)
    os.kill(postmaster, 0)  # still alive: this is the leak the sweep exists for
    again = provision(PostgresChoice(provider="embedded"))
    try:
        assert not folder.exists()
        with pytest.raises(ProcessLookupError):
            os.kill(postmaster, 0)
    finally:
        release(again)
