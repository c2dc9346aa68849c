"""The proxy's cost at zero delay and its effect with a held COMMIT, measured in one run.

1. Overhead: the same psycopg workloads direct and through the proxy with no
   delay, the proxy either in a thread of this process (as the harness runs
   it) or in its own process (`persistguard proxy`, as a `--base-url` user
   runs it). Tiny queries measure the added round-trip latency; bulk work (COPY
   out and in, a large row) measures throughput. The three routes alternate
   for `--rounds` rounds and the table shows medians and ratios to direct.
2. Amplification: a read spawned before its writer's commit, `--races` times,
   direct and with COMMIT held 0.5 s: how often the read saw the old value.

Timings are printed, never asserted.

    .venv/bin/python bench/bench_proxy.py [--rounds 5] [--queries 2000] [--races 20]
"""

from __future__ import annotations

import argparse
import asyncio
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


@contextmanager
def proxy_process(upstream: str) -> Iterator[str]:
    with subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "proxy", "--upstream", upstream,
         "--listen", "127.0.0.1:0", "--commit-delay", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    ) as process:
        assert process.stdout is not None
        lines = "".join(process.stdout.readline() for _ in range(4))
        found = re.search(r"at: (\S+)", lines)
        assert found, lines
        try:
            yield found.group(1)
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
    with proxy_in_thread(url, zero) as threaded, proxy_process(url) as process_url:
        routes = {"direct": url, "thread": threaded.url, "process": process_url}
        for name, work in workloads.items():
            for route in routes.values():
                work(route, 50)  # warm up: connections, caches
            for _ in range(rounds):
                for label, route in routes.items():
                    start = time.perf_counter()
                    work(route, queries)
                    times.setdefault((name, label), []).append(time.perf_counter() - start)
    table = Table(title=f"proxy overhead at zero delay (median of {rounds} rounds)")
    for column in ("workload", "direct s", "thread s", "ratio", "process s", "ratio"):
        table.add_column(column, justify="left" if column == "workload" else "right")
    for name in workloads:
        direct = statistics.median(times[(name, "direct")])
        thread = statistics.median(times[(name, "thread")])
        process = statistics.median(times[(name, "process")])
        table.add_row(name, f"{direct:.3f}", f"{thread:.3f}", f"{thread / direct:.2f}x",
                      f"{process:.3f}", f"{process / direct:.2f}x")
    return table


async def stale_reads(url: str, races: int) -> int:
    """How many of `races` reads spawned before their writer's commit saw the old value."""
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as reader:
        await reader.execute("CREATE TABLE IF NOT EXISTS counter (n int NOT NULL)")
        await reader.execute("TRUNCATE counter; INSERT INTO counter VALUES (0)")

        async def read() -> int:
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
    table = Table(title="a read spawned before its writer's commit")
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
