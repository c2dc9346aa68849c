"""Start Locust in subprocesses (standalone, or a master and its workers) and wait for its results.

Locust monkey-patches the whole process for gevent, so it never runs inside
the harness's own (asyncio) process: persistguard starts `python -m locust`
with `harness.locust.LOCUSTFILE`, and reads back the JSON file the master
writes at the end. Every process started here is stopped before returning,
Ctrl-C included.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from harness.errors import HarnessError
from harness.locust import LOCUSTFILE

#: Seconds a process gets to stop on its own before it is killed.
GRACE = 10.0


@dataclass(frozen=True)
class LocustPlan:
    """How to run Locust: the backend, how many users, and its workers (none: standalone).

    `workers` are started here; `remote_workers` are started by someone else (on
    other machines) and join the master at `bind_host:bind_port`.
    """

    base_url: str
    users: int
    spawn_rate: float
    workers: int = 0
    remote_workers: int = 0
    bind_host: str = "127.0.0.1"
    bind_port: int | None = None
    seed: int | None = None
    run_time: float = 600.0

    @property
    def mode(self) -> str:
        """`standalone` or `master + N workers`, as reports name the run."""
        total = self.workers + self.remote_workers
        if not total:
            return "standalone"
        remote = f", {self.remote_workers} remote" if self.remote_workers else ""
        return f"master + {total} worker{'s' if total != 1 else ''}{remote}"

    @property
    def distributed(self) -> bool:
        """Whether Locust runs as a master with workers."""
        return self.workers + self.remote_workers > 0


@dataclass(frozen=True)
class LocustOutcome:
    """What the master wrote (`document`), its exit code and its log."""

    document: dict[str, Any]
    exit_code: int
    log: str


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on right now (the master binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def master_command(
    plan: LocustPlan, paths: Sequence[str], results: Path, port: int | None
) -> list[str]:
    """`python -m locust` for the master (or the standalone process when `port` is None)."""
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        LOCUSTFILE,
        "--headless",
        "--host",
        plan.base_url,
        "--users",
        str(plan.users),
        "--spawn-rate",
        str(plan.spawn_rate),
        "--run-time",
        f"{max(1, round(plan.run_time))}s",
        "--exit-code-on-error",
        "0",  # failed requests are the invariants' business, not the exit code's
        "--persistguard-scenarios",
        *paths,
        "--persistguard-results",
        str(results),
    ]
    if plan.seed is not None:
        command += ["--persistguard-seed", str(plan.seed)]
    if port is not None:
        command += [
            "--master",
            "--master-bind-host",
            plan.bind_host,
            "--master-bind-port",
            str(port),
            "--expect-workers",
            str(plan.workers + plan.remote_workers),
        ]
    return command


def worker_command(port: int, master_host: str = "127.0.0.1", python: str = "") -> list[str]:
    """`python -m locust` for one worker of the master at `master_host:port`."""
    return [
        python or sys.executable,
        "-m",
        "locust",
        "-f",
        LOCUSTFILE,
        "--worker",
        "--master-host",
        master_host,
        "--master-port",
        str(port),
    ]


@contextmanager
def _process(command: list[str], log: IO[str]) -> Iterator[subprocess.Popen[str]]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(GRACE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def run_locust(
    plan: LocustPlan, paths: Sequence[str], on_master: Callable[[int], None] | None = None
) -> LocustOutcome:
    """Run Locust to the end of the plan; the master's results, or a one-line `HarnessError`.

    `on_master(port)` is told where the master listens once it was started (for the
    remote workers to join).
    """
    with tempfile.TemporaryDirectory(prefix="persistguard-locust-") as folder, ExitStack() as stack:
        results = Path(folder) / "results.json"
        master_log = stack.enter_context(open(Path(folder) / "master.log", "w+"))
        port = (plan.bind_port or free_port(plan.bind_host)) if plan.distributed else None
        command = master_command(plan, paths, results, port)
        master = stack.enter_context(_process(command, master_log))
        if port is not None and on_master is not None:
            on_master(port)
        workers = []
        for number in range(plan.workers):
            assert port is not None
            log = stack.enter_context(open(Path(folder) / f"worker-{number}.log", "w+"))
            workers.append(stack.enter_context(_process(worker_command(port), log)))
        # spawning and the final writes; remote workers join when they join (Ctrl-C stops)
        waits = plan.run_time + 60 if not plan.remote_workers else float("inf")
        deadline = time.monotonic() + waits
        while master.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        if master.poll() is None:
            master.terminate()  # Locust writes its results when it quits, on SIGTERM too
        code = master.wait(GRACE + 20)
        for worker in workers:
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.wait(GRACE)  # one that will not stop is killed by its context below
        master_log.seek(0)
        text = master_log.read()
        if not results.exists():
            tail = "\n".join(text.strip().splitlines()[-15:])
            raise HarnessError(
                f"Locust ended (exit code {code}) without persistguard's results; "
                f"its last lines:\n{tail}"
            )
        document = json.loads(results.read_text(encoding="utf-8"))
        return LocustOutcome(document, code, text)
