"""The proxy's cost at zero delay and its effect with a held COMMIT, measured in one run.

1. Overhead: the same psycopg workloads direct and through the proxy with no
   delay, the proxy either in a thread of this process (as the harness runs
   it) or in its own process (`persistguard proxy`, as a `--base-url` user
   runs it). Tiny queries measure the added round-trip latency; bulk work (COPY
   out and in, a large row) measures throughput. The three routes alternate
   for `--rounds` rounds and the table shows medians and ratios to direct,
   plus the CPU seconds the proxy process itself spent, which a busy machine
   disturbs far less than wall time.
2. Amplification: a job spawned before its writer's commit (one round trip,
   then it reads the row), `--races` times, direct and with COMMIT held 0.5 s:
   how often it saw the old value.

Timings are printed, never asserted.

    .venv/bin/python bench/bench_proxy.py [--rounds 5] [--queries 2000] [--races 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
from rich.console import Console
from rich.table import Table

from harness.postgres import PostgresChoice, database_name, provision, release
from harness.proxy import DelayPolicy, proxy_in_thread, running_proxy

BULK_ROWS = 200_000
BIG_ROW = 16 * 1024 * 1024


def tiny(url: str, queries: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for i in range(queries):
            conn.execute("SELECT %s::int", (i,), prepare=True).fetchone()


def tiny_simple(url: str, queries: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(queries):
            conn.execute("SELECT 1").fetchone()


def bulk(url: str, _queries: int) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TEMP TABLE b (id int, label text)")
        with conn.cursor().copy("COPY b FROM STDIN") as copy:
            for i in range(BULK_ROWS):
                copy.write_row((i, f"label {i} with some padding text"))
        size = 0
        with conn.cursor().copy("COPY b TO STDOUT") as copy:
            for chunk in copy:
                size += len(chunk)
        row = conn.execute("SELECT repeat('x', %s)", (BIG_ROW,)).fetchone()
        assert row is not None and len(row[0]) == BIG_ROW and size > 0
        conn.rollback()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` (Linux /proc; NaN elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rpartition(")")[2].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def proxy_process(upstream: str) -> Iterator[tuple[str, int]]:
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
            "--commit-delay",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        assert process.stdout is not None
        lines = "".join(process.stdout.readline() for _ in range(4))
        found = re.search(r"at: (\S+)", lines)
        assert found, lines
        try:
            yield found.group(1), process.pid
        finally:
            process.terminate()
            process.wait(30)


def overhead(url: str, rounds: int, queries: int) -> Table:
    workloads: dict[str, Callable[[str, int], None]] = {
        f"{queries} prepared SELECTs (extended)": tiny,
        f"{queries} SELECT 1 (simple)": tiny_simple,
        f"COPY in+out {BULK_ROWS:,} rows, one 16 MB row": bulk,
    }
    times: dict[tuple[str, str], list[float]] = {}
    zero = DelayPolicy()
    cpu: dict[str, list[float]] = {}
    with proxy_in_thread(url, zero) as threaded, proxy_process(url) as (process_url, pid):
        routes = {"direct": url, "thread": threaded.url, "process": process_url}
        for name, work in workloads.items():
            for route in routes.values():
                work(route, 50)  # warm up: connections, caches
            for _ in range(rounds):
                for label, route in routes.items():
                    start, used = time.perf_counter(), cpu_seconds(pid)
                    work(route, queries)
                    times.setdefault((name, label), []).append(time.perf_counter() - start)
                    if label == "process":
                        cpu.setdefault(name, []).append(cpu_seconds(pid) - used)
    table = Table(title=f"proxy overhead at zero delay (median of {rounds} rounds)")
    columns = ("workload", "direct s", "thread s", "ratio", "process s", "ratio", "proxy CPU s")
    for column in columns:
        table.add_column(column, justify="left" if column == "workload" else "right")
    for name in workloads:
        direct = statistics.median(times[(name, "direct")])
        thread = statistics.median(times[(name, "thread")])
        process = statistics.median(times[(name, "process")])
        table.add_row(
            name,
            f"{direct:.3f}",
            f"{thread:.3f}",
            f"{thread / direct:.2f}x",
            f"{process:.3f}",
            f"{process / direct:.2f}x",
            f"{statistics.median(cpu[name]):.2f}",
        )
    return table


async def stale_reads(url: str, races: int) -> int:
    """How many of `races` reads spawned before their writer's commit saw the old value."""
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as reader:
        await reader.execute("CREATE TABLE IF NOT EXISTS counter (n int NOT NULL)")
        await reader.execute("TRUNCATE counter; INSERT INTO counter VALUES (0)")

        async def read() -> int:
            # like a job that first marks itself running: two round trips before the read
            await reader.execute("SELECT 1")
            row = await (await reader.execute("SELECT n FROM counter")).fetchone()
            assert row is not None
            return int(row[0])

        stale = 0
        for expected in range(1, races + 1):
            async with await psycopg.AsyncConnection.connect(url) as writer:
                await writer.execute("UPDATE counter SET n = n + 1")
                task = asyncio.create_task(read())
                await writer.commit()
                stale += await task != expected
        return stale


async def amplification(url: str, races: int) -> Table:
    table = Table(title="a job spawned before its writer's commit reads the row")
    for column in ("route", "stale reads", "wall s"):
        table.add_column(column, justify="left" if column == "route" else "right")
    start = time.perf_counter()
    direct = await stale_reads(url, races)
    table.add_row("direct", f"{direct}/{races}", f"{time.perf_counter() - start:.2f}")
    start = time.perf_counter()
    async with running_proxy(url, DelayPolicy(commit_delay=0.5)) as proxied:
        held = await stale_reads(proxied, races)
    table.add_row("COMMIT held 0.5 s", f"{held}/{races}", f"{time.perf_counter() - start:.2f}")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--races", type=int, default=20)
    args = parser.parse_args()
    console = Console(width=None if sys.stdout.isatty() else 120)
    server = provision(PostgresChoice.from_env())
    try:
        name = database_name("bench_proxy")
        url = server.create_database(name)
        try:
            console.print(overhead(url, args.rounds, args.queries))
            console.print(asyncio.run(amplification(url, args.races)))
        finally:
            server.drop_database(name)
    finally:
        release(server)


if __name__ == "__main__":
    main()
