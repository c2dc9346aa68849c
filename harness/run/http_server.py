"""Run an ASGI app under a real uvicorn server in a background thread.

Tests and the runner use it to exercise the real HTTP stack (sockets, headers,
keep-alive) rather than only the in-process transport.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from harness.errors import TargetError


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the main thread owns signals
        return None


@contextmanager
def serve_in_thread(
    app: Any, *, host: str = "127.0.0.1", port: int = 0, timeout: float = 10.0
) -> Iterator[str]:
    """Serve `app` until the block ends; yield its base URL (`http://127.0.0.1:PORT`).

    Lifespan runs inside the server's own event loop, so shutdown hooks (draining
    background jobs, closing the pool) happen there, where those objects live.
    """
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", lifespan="on", loop="asyncio"
    )
    server = _Server(config)
    thread = threading.Thread(target=server.run, name="persistguard-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise TargetError(f"uvicorn did not start on {host}:{port}")
        time.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout)
