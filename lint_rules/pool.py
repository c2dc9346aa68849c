"""Spreading files over processes, and parsing without the cyclic garbage collector."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
#: below this many files to parse, process start-up costs more than it saves
PARALLEL_THRESHOLD = 24


def pool_map(
    function: Callable[[T], R],
    items: list[T],
    jobs: int,
    initializer: Callable[[], object] | None = None,
) -> list[R]:
    """`map`, over processes when there are enough items to pay for starting them."""
    if jobs > 1 and len(items) >= PARALLEL_THRESHOLD:
        from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only when used

        chunk = max(1, len(items) // (jobs * 4))
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=initializer)
        with pool:
            return list(pool.map(function, items, chunksize=chunk))
    if initializer is not None:
        initializer()
    return [function(item) for item in items]


def default_jobs() -> int:
    """One worker per CPU."""
    return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Run without the cyclic garbage collector, then collect once.

    Parsing allocates millions of short-lived nodes; with the run's own
    objects alive, each automatic collection rescans all of them (measured on
    1.4 million lines: 21 s of parsing instead of 14). Syntax trees hold no
    reference cycles, so nothing is lost by collecting once at the end.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect()
