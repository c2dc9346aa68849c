"""One client connection through the proxy: the startup exchange, then two pumps.

The proxy answers `SSLRequest` and `GSSENCRequest` itself with `N` (no
encryption), so libpq's default `sslmode=prefer` goes on in plain text and
the proxy can read the statements; a client that insists on TLS gets a clear
refusal from its own driver. A `CancelRequest` is passed to PostgreSQL on a
connection of its own, untouched: the key it carries came from PostgreSQL
through the proxy. From the startup message on, server-to-client bytes are
copied as they arrive; client-to-server bytes go through `FrontendFramer`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from harness.proxy.address import Address
from harness.proxy.frames import (
    CANCEL_REQUEST,
    GSSENC_REQUEST,
    MAX_STARTUP_LENGTH,
    SSL_REQUEST,
    FrontendFramer,
    ProtocolError,
)
from harness.proxy.policy import Delayer

logger = logging.getLogger(__name__)

#: Bytes read per call: large enough that MB rows and COPY move in few reads.
CHUNK = 256 * 1024


@dataclass
class Counters:
    """What the proxy did, for tests and the CLI's closing line (written by one event loop)."""

    connections: int = 0
    cancels: int = 0
    delayed: int = 0
    delayed_seconds: float = 0.0


async def open_upstream(address: Address) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A connection to PostgreSQL over TCP or its Unix socket."""
    if address.unix_path:
        return await asyncio.open_unix_connection(address.unix_path, limit=CHUNK)
    return await asyncio.open_connection(address.host, address.port, limit=CHUNK)


async def _read_startup(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    header = await reader.readexactly(4)
    length = int.from_bytes(header, "big")
    if not 8 <= length <= MAX_STARTUP_LENGTH:
        raise ProtocolError(f"startup packet of length {length}")
    body = await reader.readexactly(length - 4)
    return int.from_bytes(body[:4], "big"), header + body


def error_response(message: str) -> bytes:
    """A FATAL `ErrorResponse` (SQLSTATE 08006) the client's driver shows as the reason."""
    fields = b"".join(
        code + text.encode("utf-8", "replace") + b"\0"
        for code, text in ((b"S", "FATAL"), (b"V", "FATAL"), (b"C", "08006"), (b"M", message))
    )
    body = fields + b"\0"
    return b"E" + (len(body) + 4).to_bytes(4, "big") + body


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(OSError, asyncio.CancelledError):
        await writer.wait_closed()


async def _copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while data := await reader.read(CHUNK):
        writer.write(data)
        await writer.drain()


async def _frontend(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    delayer: Delayer,
    counters: Counters,
) -> None:
    framer = FrontendFramer(delayer)
    while data := await reader.read(CHUNK):
        for piece in framer.feed(data):
            if piece.delay > 0:
                await writer.drain()  # what came before reaches PostgreSQL on time
                counters.delayed += 1
                counters.delayed_seconds += piece.delay
                await asyncio.sleep(piece.delay)
            writer.write(piece.data)
        await writer.drain()


async def relay(
    client_reader: asyncio.StreamReader,
    client_writer: asyncio.StreamWriter,
    upstream: Address,
    delayer_for: Callable[[], Delayer],
    counters: Counters,
) -> None:
    """Serve one client until either side closes; errors end this connection only."""
    server_writer: asyncio.StreamWriter | None = None
    try:
        code, packet = await _read_startup(client_reader)
        while code in (SSL_REQUEST, GSSENC_REQUEST):
            client_writer.write(b"N")
            await client_writer.drain()
            code, packet = await _read_startup(client_reader)
        try:
            server_reader, server_writer = await open_upstream(upstream)
        except OSError as exc:
            message = f"persistguard proxy: cannot reach PostgreSQL at {upstream}: {exc}"
            logger.warning("%s", message)
            client_writer.write(error_response(message))
            await client_writer.drain()
            return
        server_writer.write(packet)
        await server_writer.drain()
        if code == CANCEL_REQUEST:
            counters.cancels += 1
            await server_reader.read()  # PostgreSQL closes once it has read the key
            return
        counters.connections += 1
        pumps = [
            asyncio.ensure_future(_copy(server_reader, client_writer)),
            asyncio.ensure_future(_frontend(client_reader, server_writer, delayer_for(), counters)),
        ]
        try:
            done, _ = await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for pump in pumps:
                pump.cancel()
        for pump in done:
            if not pump.cancelled() and pump.exception() is not None:
                raise pump.exception()  # type: ignore[misc]
    except (asyncio.IncompleteReadError, ConnectionError, TimeoutError):
        pass  # a peer went away: close the other side too
    except ProtocolError as exc:
        logger.warning("persistguard proxy: closing a connection: %s", exc)
    except OSError:
        pass  # a socket error mid-stream is a peer going away, like the above
    finally:
        if server_writer is not None:
            await _close(server_writer)
        await _close(client_writer)
