"""One asyncio loop per Locust process, on its own thread, that the step handlers run on.

The step handlers of `harness.run.steps` are coroutines. Locust users are
greenlets, and greenlets of one thread cannot each run their own asyncio
loop (the running loop is per thread). So every user hands its copy to one
shared loop and blocks until the copy is done. Under Locust's gevent
monkey-patching the "thread" is a greenlet and the loop's selector is
gevent's, so waiting on the loop yields to the other users instead of
blocking them; without patching it is a plain thread. Nothing here imports
gevent or locust.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None


def shared_loop() -> asyncio.AbstractEventLoop:
    """The process's loop, started on first use and left running until the process ends."""
    global _loop
    with _lock:
        if _loop is None:
            loop = asyncio.new_event_loop()
            threading.Thread(
                target=loop.run_forever, name="persistguard-asyncio", daemon=True
            ).start()
            _loop = loop
        return _loop


def run_on_loop(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` on the shared loop and wait for its result (or its exception)."""
    return asyncio.run_coroutine_threadsafe(coro, shared_loop()).result()
