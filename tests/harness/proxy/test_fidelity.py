"""A psycopg workload returns the same results through the proxy as direct.

Simple and extended protocol (named prepared statements, pipelines), COPY in
and out, LISTEN/NOTIFY, rows of megabytes both ways, and a cancelled query.
The proxy runs in a thread of its own and the test cancels with
`cancel_safe()`: the older blocking `Connection.cancel()` calls libpq's
`PQcancel` while holding the GIL, so no proxy in the same process (same loop or
another thread) could serve it; a proxy in another process can.
"""

from __future__ import annotations

import hashlib
import threading
import time
from typing import Any

import psycopg
import pytest

from harness.proxy import DelayPolicy, proxy_in_thread

BIG = 6 * 1024 * 1024  # bytes in one large row


def _digest(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else bytes(data)
    return f"{len(raw)}:{hashlib.sha256(raw).hexdigest()[:16]}"


def _simple(conn: psycopg.Connection[Any]) -> list[Any]:
    out: list[Any] = []
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE t (id int PRIMARY KEY, doc jsonb, blob bytea); SELECT 1")
    out.append(cur.statusmessage)
    cur.nextset()
    out.append(cur.fetchall())
    cur.execute(
        "INSERT INTO t SELECT g, jsonb_build_object('n', g, 's', repeat('é', g % 7)), NULL "
        "FROM generate_series(1, 500) g"
    )
    out.append(cur.rowcount)
    cur.execute("SELECT count(*), sum(id), max(doc->>'s') FROM t")
    out.append(cur.fetchall())
    with pytest.raises(psycopg.errors.DivisionByZero) as error:
        cur.execute("SELECT 1/0")
    out.append(error.value.sqlstate)
    conn.rollback()
    return out


def _extended(conn: psycopg.Connection[Any]) -> list[Any]:
    out: list[Any] = []
    conn.execute("CREATE TEMP TABLE e (id int PRIMARY KEY, doc jsonb)")
    for i in range(20):
        conn.execute("INSERT INTO e VALUES (%s, %s::jsonb)", (i, f'{{"k": {i}}}'), prepare=True)
    cur = conn.execute("SELECT id, doc FROM e WHERE id >= %s ORDER BY id", (15,), prepare=True)
    out.append(cur.fetchall())
    with conn.pipeline():
        cur = conn.cursor()
        cur.executemany(
            "UPDATE e SET doc = doc || %s::jsonb WHERE id = %s",
            [('{"p": true}', i) for i in range(10)],
        )
        out.append(conn.execute("SELECT count(*) FROM e WHERE doc ? 'p'").fetchone())
    conn.commit()
    return out


def _copy(conn: psycopg.Connection[Any]) -> list[Any]:
    out: list[Any] = []
    conn.execute("CREATE TEMP TABLE c (id int, label text)")
    with conn.cursor().copy("COPY c (id, label) FROM STDIN") as copy:
        for i in range(20_000):
            copy.write_row((i, f"row {i} " + "z" * (i % 50)))
    out.append(conn.execute("SELECT count(*), sum(id) FROM c").fetchone())
    chunks = bytearray()
    with conn.cursor().copy("COPY (SELECT * FROM c ORDER BY id) TO STDOUT") as copy:
        for chunk in copy:
            chunks += chunk
    out.append(_digest(chunks))
    conn.commit()
    return out


def _large_rows(conn: psycopg.Connection[Any]) -> list[Any]:
    blob = bytes(range(256)) * (BIG // 256)
    conn.execute("CREATE TEMP TABLE big (id int, blob bytea, txt text)")
    conn.execute("INSERT INTO big VALUES (1, %s, repeat('x', %s))", (blob, BIG))
    row = conn.execute("SELECT blob, txt FROM big").fetchone()
    assert row is not None
    conn.commit()
    return [_digest(row[0]), _digest(row[1])]


def _notify(conn: psycopg.Connection[Any], url: str) -> list[Any]:
    listener = psycopg.connect(url, autocommit=True)
    try:
        listener.execute("LISTEN proxy_test")
        conn.execute("NOTIFY proxy_test, 'hello through'")
        conn.execute("SELECT pg_notify('proxy_test', repeat('n', 7000))")
        conn.commit()
        got = [
            (n.channel, n.payload[:20], len(n.payload))
            for n in listener.notifies(timeout=10, stop_after=2)
        ]
    finally:
        listener.close()
    return got


def _cancel(conn: psycopg.Connection[Any]) -> list[Any]:
    def cancel_soon() -> None:
        # wait until the sleep is running in PostgreSQL, then cancel it
        with psycopg.connect(conn.info.dsn, autocommit=True) as watcher:
            for _ in range(500):
                row = watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%'"
                    " AND state = 'active'"
                ).fetchone()
                if row and row[0]:
                    break
                time.sleep(0.02)
        conn.cancel_safe(timeout=30)

    thread = threading.Thread(target=cancel_soon)
    thread.start()
    try:
        with pytest.raises(psycopg.errors.QueryCanceled) as error:
            conn.execute("SELECT pg_sleep(60)")
    finally:
        thread.join()
    conn.rollback()
    return [error.value.sqlstate, conn.execute("SELECT 'alive'").fetchone()]


def workload(url: str) -> list[Any]:
    """Everything a driver does to a server, as comparable values."""
    with psycopg.connect(url) as conn:
        return [
            _simple(conn),
            _extended(conn),
            _copy(conn),
            _large_rows(conn),
            _notify(conn, url),
            _cancel(conn),
        ]


def test_workload_is_identical_through_the_proxy(postgres_database):
    direct = workload(postgres_database)
    with proxy_in_thread(postgres_database) as proxy:
        proxied = workload(proxy.url)
    assert proxied == direct
    assert proxy.counters.cancels == 1
    assert proxy.counters.delayed == 0


def test_workload_is_identical_with_every_statement_delayed(postgres_database):
    direct = workload(postgres_database)
    policy = DelayPolicy(commit_delay=0.001, statement_delay=0.001, jitter=0.001, seed=3)
    with proxy_in_thread(postgres_database, policy) as proxy:
        proxied = workload(proxy.url)
    assert proxied == direct
    assert proxy.counters.delayed > 50


def test_ssl_is_declined_and_the_session_goes_on_in_plain_text(postgres_database):
    with proxy_in_thread(postgres_database) as proxy:
        with psycopg.connect(proxy.url, sslmode="prefer", gssencmode="prefer") as conn:
            row = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            assert row.fetchone() in (None, (False,))
        with pytest.raises(psycopg.OperationalError, match=r"(?i)ssl"):
            psycopg.connect(proxy.url, sslmode="require", connect_timeout=10)
