"""`persistguard serve` as a real process, for tests that drive it over HTTP from outside."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Served:
    base_url: str
    db_url: str
    #: the environment the server runs in (no inherited database URL): reuse it for clients
    env: dict[str, str]


@contextmanager
def persistguard_serve() -> Iterator[Served]:
    """Start `serve --port 0` on its own PostgreSQL, yield its URLs, stop it with Ctrl-C."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name in ("PERSISTGUARD_PG_URL", "DATABASE_URL"):
        env.pop(name, None)
    serve = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert serve.stdout is not None
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 120  # generous: CI machines can be loaded
        while not any("database:" in line for line in lines):
            lines.append(serve.stdout.readline())
            assert serve.poll() is None and time.monotonic() < deadline, "".join(lines)
        text = "".join(lines)
        base_url = re.search(r"on (http://\S+)", text)
        db_url = re.search(r"database: (\S+)", text)
        assert base_url and db_url, text
        yield Served(base_url[1], db_url[1], env)
    finally:
        serve.send_signal(signal.SIGINT)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()
        serve.stdout.close()
