"""Peak memory of the reference app under oversized and invalid bodies, cap on vs off.

Runs the app under uvicorn in a child process (so only the server's memory is counted),
resets the process's peak RSS (`/proc/PID/clear_refs`) before each request, and reads
`VmHWM` after it. The client is a raw socket that streams the body in 64 KiB pieces and
stops as soon as the server answers, as a well-behaved client does; the body is never
held whole on either side. "cap off" is the same code with a 1 GiB cap. Printed, never
asserted (Linux only: it reads /proc).

    .venv/bin/python bench/bench_body_limit.py [--megabytes 100]
"""

from __future__ import annotations

import argparse
import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from harness.postgres import PostgresChoice, database_name, provision, release
from reference_app.db import create_schema

PIECE = 64 * 1024
MIB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One request: where, how framed, and a JSON body of `size` bytes."""

    name: str
    path: str
    field: str
    size: int
    chunked: bool


@dataclass(frozen=True)
class Outcome:
    status: str
    response_bytes: int
    sent_bytes: int
    peak_mib: float
    seconds: float


def body_pieces(field: str, size: int) -> Iterator[bytes]:
    """`{"<field>": "xxx...", "project_description": "d"}` of exactly `size` bytes, lazily."""
    head = b'{"project_description": "d", "%s": "' % field.encode()
    tail = b'"}'
    yield head
    left = size - len(head) - len(tail)
    filler = b"x" * PIECE
    while left > 0:
        yield filler[: min(PIECE, left)]
        left -= PIECE
    yield tail


def _read_response(sock: socket.socket) -> tuple[str, int]:
    """Status code and total bytes of the response (or what the socket said instead)."""
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            more = sock.recv(PIECE)
            if not more:
                return ("closed", len(data)) if not data else (data.split(b" ")[1].decode(), 0)
            data += more
        head, _, rest = data.partition(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ),
            0,
        )
        received = len(rest)
        while received < length:
            more = sock.recv(4 * PIECE)
            if not more:
                break
            received += len(more)
        return head.split(b" ")[1].decode(), len(head) + 4 + received
    except (ConnectionResetError, TimeoutError) as exc:
        return type(exc).__name__, len(data)


def send(port: int, case: Case) -> tuple[str, int, int]:
    """Stream `case` to the server; stop sending once it answers. Returns status, response
    bytes, body bytes sent."""
    framing = b"Transfer-Encoding: chunked" if case.chunked else b"Content-Length: %d" % case.size
    head = b"POST %s HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n%s\r\n\r\n" % (
        case.path.encode(),
        framing,
    )
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
        sock.sendall(head)
        try:
            for piece in body_pieces(case.field, case.size):
                if select.select([sock], [], [], 0)[0]:
                    break  # the server answered early: stop, as a client should
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if case.chunked else piece)
                sent += len(piece)
            else:
                if case.chunked:
                    sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        status, size = _read_response(sock)
    return status, size, sent


def _status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {key} in /proc/{pid}/status")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(db_url: str, max_body_bytes: int) -> tuple[subprocess.Popen[bytes], int]:
    """The app under uvicorn in a child process, once it answers."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "PERSISTGUARD_MAX_BODY_BYTES": str(max_body_bytes)}
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "reference_app.main:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "error",
        ],
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return child, port
        except OSError:
            time.sleep(0.1)
    child.kill()
    raise RuntimeError("uvicorn did not start")


def measure(db_url: str, max_body_bytes: int, case: Case) -> Outcome:
    """One fresh server per case, so one case's peak cannot hide another's."""
    child, port = serve(db_url, max_body_bytes)
    try:
        send(port, Case("warm-up", "/interviews", "project_title", 100, chunked=False))
        Path(f"/proc/{child.pid}/clear_refs").write_text("5")  # reset VmHWM to VmRSS
        start = time.perf_counter()
        status, size, sent = send(port, case)
        seconds = time.perf_counter() - start
        time.sleep(0.2)
        peak = _status_kib(child.pid, "VmHWM") / 1024
        return Outcome(status, size, sent, peak, seconds)
    finally:
        child.terminate()
        child.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=100, help="size of the large bodies")
    args = parser.parse_args()
    big = args.megabytes * MIB
    cases = [
        Case(f"{args.megabytes} MB, Content-Length", "/interviews", "project_title", big, False),
        Case(f"{args.megabytes} MB, chunked", "/interviews", "project_title", big, True),
        Case("10 MB too-long title", "/interviews", "project_title", 10 * MIB, False),
        Case("900 KB too-long title", "/interviews", "project_title", 900 * 1024, False),
    ]
    configs = [("cap 1 MiB (default)", MIB), ("cap off (1 GiB)", 1024 * MIB)]
    server = provision(PostgresChoice.from_env())
    try:
        db_url = server.create_database(database_name("bench_body"))
        create_schema(db_url)
        table = Table(title="one oversized or invalid request: the server's peak memory")
        for column in ("case", "cap", "status", "response", "body sent", "peak RSS", "seconds"):
            table.add_column(column, justify="right")
        ratios = []
        for case in cases:
            results = [(label, measure(db_url, cap, case)) for label, cap in configs]
            for label, out in results:
                table.add_row(
                    case.name,
                    label,
                    out.status,
                    f"{out.response_bytes:,} B",
                    f"{out.sent_bytes / MIB:.1f} MiB",
                    f"{out.peak_mib:.0f} MiB",
                    f"{out.seconds:.2f}",
                )
            ratios.append((case.name, results[1][1].peak_mib / results[0][1].peak_mib))
        console = Console(width=120)
        console.print(table)
        summary = Table(title="peak RSS, cap off / cap on")
        summary.add_column("case")
        summary.add_column("ratio", justify="right")
        for name, ratio in ratios:
            summary.add_row(name, f"{ratio:.1f}x")
        console.print(summary)
    finally:
        release(server)


if __name__ == "__main__":
    main()
