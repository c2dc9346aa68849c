"""The proxy server: listen, relay each client to PostgreSQL, stop cleanly.

`Proxy` runs in whatever event loop starts it. `running_proxy` is the async
context manager the harness uses; `proxy_in_thread` runs the proxy in a loop
of its own, so a client that blocks its loop (psycopg's blocking
`Connection.cancel()`, a sync driver) cannot stall the proxy it talks through.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import threading
from collections.abc import AsyncIterator, Iterator

from harness.errors import HarnessError
from harness.proxy.address import proxied_url, upstream_address
from harness.proxy.connection import ClientSide, Counters
from harness.proxy.policy import DelayPolicy

#: Loopback unless told otherwise: the proxy forwards to a database without asking anyone.
DEFAULT_HOST = "127.0.0.1"


class Proxy:
    """A PostgreSQL wire proxy from `host:port` to the server in `upstream_url`."""

    def __init__(
        self,
        upstream_url: str,
        policy: DelayPolicy | None = None,
        *,
        host: str = DEFAULT_HOST,
        port: int = 0,
    ) -> None:
        self.upstream_url = upstream_url
        self.upstream = upstream_address(upstream_url)
        self.policy = policy or DelayPolicy()
        self.host = host
        self.port = port
        self.counters = Counters()
        self._numbers = itertools.count(1)
        self._server: asyncio.Server | None = None
        self._clients: set[ClientSide] = set()

    @property
    def url(self) -> str:
        """The upstream URL with the proxy's host and port: what a client connects to."""
        return proxied_url(self.upstream_url, self.host, self.port)

    def _client(self) -> ClientSide:
        delayer = self.policy.delayer(next(self._numbers))
        return ClientSide(self.upstream, delayer, self.counters, self._clients)

    async def start(self) -> None:
        """Bind and start accepting; `port=0` picks a free port, read back into `self.port`."""
        try:
            self._server = await asyncio.get_running_loop().create_server(
                self._client, self.host, self.port
            )
        except OSError as exc:
            raise HarnessError(
                f"the proxy cannot listen on {self.host}:{self.port}: {exc.strerror or exc}"
            ) from None
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop accepting, close every relayed connection, wait for them to finish."""
        if self._server is not None:
            self._server.close()
        for client in list(self._clients):
            client.close()
        for _ in range(100):  # closing flushes what was written; give it a moment
            if not self._clients:
                break
            await asyncio.sleep(0.01)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> Proxy:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


@contextlib.asynccontextmanager
async def running_proxy(
    upstream_url: str,
    policy: DelayPolicy | None = None,
    *,
    host: str = DEFAULT_HOST,
    port: int = 0,
) -> AsyncIterator[str]:
    """Run a proxy in this event loop for the block; yield the URL to connect to."""
    async with Proxy(upstream_url, policy, host=host, port=port) as proxy:
        yield proxy.url


@contextlib.contextmanager
def proxy_in_thread(
    upstream_url: str,
    policy: DelayPolicy | None = None,
    *,
    host: str = DEFAULT_HOST,
    port: int = 0,
) -> Iterator[Proxy]:
    """Run a proxy in its own thread and event loop for the block; yield it (`.url`)."""
    proxy = Proxy(upstream_url, policy, host=host, port=port)
    loop = asyncio.new_event_loop()
    started = threading.Event()
    failure: list[BaseException] = []

    def serve() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(proxy.start())
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)
            started.set()
            loop.close()
            return
        started.set()
        try:
            loop.run_forever()
            loop.run_until_complete(proxy.stop())
        finally:
            loop.close()

    thread = threading.Thread(target=serve, name="persistguard-proxy", daemon=True)
    thread.start()
    started.wait()
    if failure:
        thread.join()
        raise failure[0]
    try:
        yield proxy
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
