"""One client connection through the proxy: the startup exchange, then bytes both ways.

The proxy answers `SSLRequest` and `GSSENCRequest` itself with `N` (no
encryption), so libpq's default `sslmode=prefer` goes on in plain text and
the proxy can read the statements; a client that insists on TLS gets a clear
refusal from its own driver. A `CancelRequest` is passed to PostgreSQL on a
connection of its own, untouched: the key it carries came from PostgreSQL
through the proxy. From the startup message on, server-to-client bytes are
written as they arrive; client-to-server bytes go through `FrontendFramer`.

Built on asyncio protocols rather than streams: each chunk is written to the
other socket from the callback that received it, with no task to wake, which
is most of the cost of a small query's round trip. Each socket stops reading
while the other cannot take more (back-pressure) or a statement is held.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from dataclasses import dataclass

from harness.proxy.address import Address
from harness.proxy.frames import (
    CANCEL_REQUEST,
    GSSENC_REQUEST,
    MAX_STARTUP_LENGTH,
    SSL_REQUEST,
    FrontendFramer,
    Piece,
    ProtocolError,
)
from harness.proxy.policy import Delayer

logger = logging.getLogger(__name__)


@dataclass
class Counters:
    """What the proxy did, for tests and the CLI's closing line (written by one event loop)."""

    connections: int = 0
    cancels: int = 0
    delayed: int = 0
    delayed_seconds: float = 0.0


def error_response(message: str) -> bytes:
    """A FATAL `ErrorResponse` (SQLSTATE 08006) the client's driver shows as the reason."""
    fields = b"".join(
        code + text.encode("utf-8", "replace") + b"\0"
        for code, text in ((b"S", "FATAL"), (b"V", "FATAL"), (b"C", "08006"), (b"M", message))
    )
    body = fields + b"\0"
    return b"E" + (len(body) + 4).to_bytes(4, "big") + body


class _Pauses:
    """Why a transport is not being read: it reads again only when no reason is left."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        self.reasons: set[str] = set()

    def add(self, reason: str) -> None:
        if not self.reasons and not self.transport.is_closing():
            self.transport.pause_reading()
        self.reasons.add(reason)

    def discard(self, reason: str) -> None:
        if reason in self.reasons:
            self.reasons.discard(reason)
            if not self.reasons and not self.transport.is_closing():
                self.transport.resume_reading()


class ServerSide(asyncio.Protocol):
    """The socket to PostgreSQL: everything it sends goes to the client unchanged."""

    def __init__(self, client: ClientSide) -> None:
        self.client = client
        self.transport: asyncio.Transport | None = None
        self.pauses: _Pauses | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.pauses = _Pauses(transport)

    def data_received(self, data: bytes) -> None:
        self.client.send(data)

    def pause_writing(self) -> None:  # PostgreSQL is not reading: stop reading the client
        self.client.pause("backpressure")

    def resume_writing(self) -> None:
        self.client.resume("backpressure")

    def connection_lost(self, exc: Exception | None) -> None:
        self.client.close()


class ClientSide(asyncio.Protocol):
    """The client's socket: startup packets first, then framed messages to PostgreSQL."""

    def __init__(
        self,
        upstream: Address,
        delayer: Delayer,
        counters: Counters,
        tracked: set[ClientSide],
    ) -> None:
        self.upstream = upstream
        self.delayer = delayer
        self.counters = counters
        self.tracked = tracked
        self.transport: asyncio.Transport | None = None
        self.pauses: _Pauses | None = None
        self.server: ServerSide | None = None
        self.startup = bytearray()  # bytes before the relay begins
        self.relaying = False
        self.framer = FrontendFramer(delayer)
        self.queue: collections.deque[Piece] = collections.deque()
        self.holding: asyncio.TimerHandle | None = None

    # -- the client's socket -----------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.pauses = _Pauses(transport)
        self.tracked.add(self)

    def data_received(self, data: bytes) -> None:
        try:
            if self.relaying:
                self.queue.extend(self.framer.feed(data))
                self._flush()
            else:
                self.startup += data
                self._startup()
        except ProtocolError as exc:
            logger.warning("persistguard proxy: closing a connection: %s", exc)
            self.close()

    def pause_writing(self) -> None:  # the client is not reading: stop reading PostgreSQL
        if self.server is not None and self.server.pauses is not None:
            self.server.pauses.add("backpressure")

    def resume_writing(self) -> None:
        if self.server is not None and self.server.pauses is not None:
            self.server.pauses.discard("backpressure")

    def connection_lost(self, exc: Exception | None) -> None:
        self.tracked.discard(self)
        if self.holding is not None:
            self.holding.cancel()
        if self.server is not None and self.server.transport is not None:
            self.server.transport.close()

    # -- called by the server side and the proxy ---------------------------------------------

    def send(self, data: bytes) -> None:
        if self.transport is not None:
            self.transport.write(data)

    def pause(self, reason: str) -> None:
        if self.pauses is not None:
            self.pauses.add(reason)

    def resume(self, reason: str) -> None:
        if self.pauses is not None:
            self.pauses.discard(reason)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
        if self.server is not None and self.server.transport is not None:
            self.server.transport.close()

    # -- startup ------------------------------------------------------------------------------

    def _startup(self) -> None:
        while len(self.startup) >= 8 and not self.relaying:
            length = int.from_bytes(self.startup[:4], "big")
            if not 8 <= length <= MAX_STARTUP_LENGTH:
                raise ProtocolError(f"startup packet of length {length}")
            if len(self.startup) < length:
                return
            code = int.from_bytes(self.startup[4:8], "big")
            if code in (SSL_REQUEST, GSSENC_REQUEST):
                del self.startup[:length]
                self.send(b"N")
                continue
            self.relaying = True
            self.pause("connecting")
            packet, rest = bytes(self.startup[:length]), bytes(self.startup[length:])
            self.startup.clear()
            if rest:  # framed now, so bytes that arrive while connecting queue behind it
                self.queue.extend(self.framer.feed(rest))
            task = asyncio.ensure_future(self._connect(code, packet))
            task.add_done_callback(_log_failure)

    async def _connect(self, code: int, packet: bytes) -> None:
        loop = asyncio.get_running_loop()
        server = self.server = ServerSide(self)
        try:
            if self.upstream.unix_path:
                await loop.create_unix_connection(lambda: server, self.upstream.unix_path)
            else:
                await loop.create_connection(lambda: server, self.upstream.host, self.upstream.port)
        except OSError as exc:
            message = f"persistguard proxy: cannot reach PostgreSQL at {self.upstream}: {exc}"
            logger.warning("%s", message)
            self.send(error_response(message))
            self.close()
            return
        assert server.transport is not None
        if self.transport is None or self.transport.is_closing():
            server.transport.close()
            return
        server.transport.write(packet)
        if code == CANCEL_REQUEST:
            # PostgreSQL reads the key and closes; closing that side closes the client's
            self.counters.cancels += 1
            return
        self.counters.connections += 1
        self._flush()
        self.resume("connecting")

    # -- relay ----------------------------------------------------------------------------------

    def _flush(self) -> None:
        """Write queued pieces to PostgreSQL until one must wait; then wait and go on."""
        if self.holding is not None or self.server is None or self.server.transport is None:
            return
        while self.queue:
            piece = self.queue[0]
            if piece.delay > 0:
                self.counters.delayed += 1
                self.counters.delayed_seconds += piece.delay
                self.queue[0] = Piece(0.0, piece.data)
                self.pause("holding")
                self.holding = asyncio.get_running_loop().call_later(piece.delay, self._release)
                return
            self.server.transport.write(self.queue.popleft().data)
        self.resume("holding")

    def _release(self) -> None:
        self.holding = None
        self._flush()


def _log_failure(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("persistguard proxy: a connection failed", exc_info=task.exception())
