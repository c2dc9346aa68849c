"""`persistguard proxy` as a user runs it: a process that relays until SIGINT or SIGTERM."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from harness.cli import main


@contextmanager
def proxy_process(upstream: str, *extra: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Start the command, yield it and the URL it printed; kill it if the test did not stop it."""
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "harness.cli",
            "proxy",
            "--upstream",
            upstream,
            "--listen",
            "127.0.0.1:0",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline() for _ in range(4)]
            found = re.search(r"at: (\S+)", "".join(lines))
            assert found, lines
            yield process, found.group(1)
        finally:
            if process.poll() is None:
                process.kill()
            process.communicate(timeout=30)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_it_with_one_line(postgres_database, signum):
    with proxy_process(postgres_database, "--commit-delay", "0.01") as (process, url):
        with psycopg.connect(url) as conn:
            conn.execute("SELECT 1")
            conn.commit()
        process.send_signal(signum)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert err.splitlines() == [
        "persistguard proxy: stopped after 1 connection(s), 1 statement(s) held for 0.0 s in total"
    ]


def test_an_open_connection_is_closed_on_stop(postgres_database):
    with proxy_process(postgres_database) as (process, url):
        conn = psycopg.connect(url)
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
        with pytest.raises(psycopg.OperationalError):
            conn.execute("SELECT 1")
        conn.close()
    assert process.returncode == 0


def test_blocking_cancel_works_through_a_proxy_in_another_process(postgres_database):
    with proxy_process(postgres_database) as (_, url), psycopg.connect(url) as conn:

        def cancel_later() -> None:
            time.sleep(0.5)
            conn.cancel()  # libpq's blocking PQcancel, GIL held: fine across processes

        thread = threading.Thread(target=cancel_later)
        thread.start()
        try:
            with pytest.raises(psycopg.errors.QueryCanceled):
                conn.execute("SELECT pg_sleep(60)")
        finally:
            thread.join()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--listen", "nonsense"], "--listen expects HOST:PORT, got 'nonsense'"),
        (["--statements", "("], "not a valid regular expression"),
        (["--statements", "UPDATE"], "--statements needs --statement-delay"),
        (["--upstream", "postgresql://h/db?sslmode=require"], "sslmode=require"),
        (["--upstream", "not a url"], "not a PostgreSQL URL"),
    ],
)
def test_bad_settings_are_one_line_errors(args, message, capsys):
    argv = ["proxy", "--upstream", "postgresql://postgres@127.0.0.1:1/x", *args]
    if "--statement-delay" not in args and "(" in args:
        argv += ["--statement-delay", "0.1"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.splitlines()) == 1
