"""The start-up exchange at the byte level: SSL declined, then a pipelined start-up still works."""

from __future__ import annotations

import asyncio

from psycopg.conninfo import conninfo_to_dict

from harness.proxy import Proxy
from harness.proxy.frames import SSL_REQUEST


def packet(code_or_body: bytes) -> bytes:
    return (len(code_or_body) + 4).to_bytes(4, "big") + code_or_body


def message(kind: bytes, body: bytes) -> bytes:
    return kind + (len(body) + 4).to_bytes(4, "big") + body


async def test_ssl_is_declined_and_a_pipelined_startup_reaches_postgres_in_order(
    postgres_database,
):
    params = conninfo_to_dict(postgres_database)
    startup = (
        (3 << 16).to_bytes(4, "big")
        + b"".join(
            key.encode() + b"\0" + str(params[key]).encode() + b"\0" for key in ("user", "dbname")
        ).replace(b"dbname", b"database")
        + b"\0"
    )
    async with Proxy(postgres_database) as proxy:
        reader, writer = await asyncio.open_connection(proxy.host, proxy.port)
        writer.write(packet(SSL_REQUEST.to_bytes(4, "big")))
        assert await reader.readexactly(1) == b"N"
        # start-up, a query and Terminate in one write: nothing may be reordered or lost
        writer.write(
            packet(startup) + message(b"Q", b"SELECT 40 + 2 AS answer\0") + message(b"X", b"")
        )
        await writer.drain()
        received = await asyncio.wait_for(reader.read(-1), 30)
        writer.close()
    assert b"R\0\0\0\x08\0\0\0\0" in received  # AuthenticationOk
    assert message(b"D", b"\0\x01" + (2).to_bytes(4, "big") + b"42") in received
    assert b"SELECT 1\0" in received  # CommandComplete
    assert proxy.counters.connections == 1
