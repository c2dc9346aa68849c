"""Amplification turns a timing race into a failure on every run.

The bug: work spawned before its transaction commits reads the row. Direct,
the spawned read and the COMMIT race, and either may win. Through the proxy
with COMMIT held back 500 ms, the read always runs first and always sees the
old value.
"""

from __future__ import annotations

import asyncio

import psycopg

from harness.proxy import DelayPolicy, Proxy, running_proxy

RUNS = 10


async def _spawn_before_commit(url: str, reader: psycopg.AsyncConnection) -> int:
    """Bump the counter, spawn a read of it, then commit; return what the read saw."""

    async def read() -> int:
        await reader.execute("SELECT 1")  # a job's first round trip: marking itself running
        row = await (await reader.execute("SELECT n FROM counter")).fetchone()
        assert row is not None
        return int(row[0])

    async with await psycopg.AsyncConnection.connect(url) as writer:
        await writer.execute("UPDATE counter SET n = n + 1")
        task = asyncio.create_task(read())  # the bug: spawned before the commit
        await writer.commit()
        return await task


async def _stale_reads(url: str) -> int:
    stale = 0
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as reader:
        for expected in range(1, RUNS + 1):
            seen = await _spawn_before_commit(url, reader)
            stale += seen != expected
    return stale


async def _prepare(url: str) -> None:
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        await conn.execute("CREATE TABLE counter (n int NOT NULL)")
        await conn.execute("INSERT INTO counter VALUES (0)")


async def test_held_commit_makes_the_spawned_read_stale_every_time(postgres_database):
    await _prepare(postgres_database)
    async with running_proxy(postgres_database, DelayPolicy(commit_delay=0.5)) as url:
        assert await _stale_reads(url) == RUNS


async def test_without_delay_the_proxy_changes_nothing_the_read_sees(postgres_database):
    await _prepare(postgres_database)
    async with (
        Proxy(postgres_database) as proxy,
        await psycopg.AsyncConnection.connect(proxy.url, autocommit=True) as conn,
    ):
        await conn.execute("UPDATE counter SET n = 7")
        row = await (await conn.execute("SELECT n FROM counter")).fetchone()
    assert row == (7,)
    assert proxy.counters.delayed == 0


async def test_commit_of_the_extended_protocol_is_held_too(postgres_database):
    async with (
        Proxy(postgres_database, DelayPolicy(commit_delay=0.01)) as proxy,
        await psycopg.AsyncConnection.connect(proxy.url) as conn,
    ):
        await conn.execute("SELECT 1")
        await conn.execute("COMMIT", prepare=True)  # Parse/Bind/Execute, named
        await conn.execute("SELECT %s::int", (1,))
        await conn.execute("COMMIT", ())  # Parse/Bind/Execute, unnamed
        assert proxy.counters.delayed == 2
        await conn.execute("SELECT 1")
        await conn.commit()  # simple Query
    assert proxy.counters.delayed == 3
