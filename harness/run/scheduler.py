"""A seeded scheduler: the same seed issues the same requests in the same order.

Each interview copy is a coroutine (a *worker*) that asks for a turn before
each operation. The scheduler picks the next worker with `random.Random(seed)`
among the workers that have not finished, *whether or not they are ready
yet*, and waits for the one it picked. Because the pick never depends on
which responses happened to arrive first, the order of turns is a function of
the seed alone (and of how many turns each worker takes, which the scenario
and the backend's answers fix).

"Same order" therefore means: two runs with the same seed against a backend
that answers the same way grant the same sequence of turns, and so invoke the
same (worker, step, operation) sequence — each operation carries its turn
number, and a burst's requests share one turn in attempt order. Completions
may interleave differently: that is timing, which a seed cannot fix.

A worker ends by taking one last turn (`finish`), so it leaves the draw at a
position the seed determines too. At most `limit` turns are in flight.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager


class SeededScheduler:
    """Grants turns to workers in a seeded order, with at most `limit` in flight."""

    def __init__(self, workers: Iterable[int], *, seed: int, limit: int) -> None:
        self._rng = random.Random(seed)
        self._active = sorted(workers)
        self._limit = max(1, limit)
        self._waiting: dict[int, tuple[asyncio.Future[int], bool]] = {}
        self._chosen: int | None = None
        self._in_flight = 0
        self.order: list[int] = []

    @asynccontextmanager
    async def turn(self, worker: int) -> AsyncIterator[int]:
        """Wait for `worker`'s turn; yields the turn's number (its place in the seeded order)."""
        ticket = await self._request(worker, finishing=False)
        try:
            yield ticket
        finally:
            self._in_flight -= 1
            self._pump()

    async def finish(self, worker: int) -> None:
        """Leave the draw: takes a (free) turn so that the exit point is seeded too."""
        await self._request(worker, finishing=True)

    def abandon(self, worker: int) -> None:
        """Leave immediately (a worker that crashed); later order is no longer guaranteed."""
        if worker in self._active:
            self._active.remove(worker)
        if self._chosen == worker:
            self._chosen = None
        self._pump()

    async def _request(self, worker: int, *, finishing: bool) -> int:
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._waiting[worker] = (future, finishing)
        self._pump()
        if future.done():
            # Granted on the spot: workers granted earlier are only *scheduled* to wake up.
            # Yield once so they issue their requests first, keeping history order = grant order.
            await asyncio.sleep(0)
        return await future

    def _pump(self) -> None:
        while self._active and self._in_flight < self._limit:
            if self._chosen is None:
                self._chosen = self._rng.choice(self._active)
            entry = self._waiting.pop(self._chosen, None)
            if entry is None:
                return  # the chosen worker is busy: wait for it, whatever else is ready
            future, finishing = entry
            self.order.append(self._chosen)
            if finishing:
                self._active.remove(self._chosen)  # at grant time, so the next draw excludes it
            else:
                self._in_flight += 1
            self._chosen = None
            if not future.done():
                future.set_result(len(self.order) - 1)
