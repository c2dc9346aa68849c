"""Play one interview copy through the harness's own step handlers, as one Locust user.

This is the runner's per-copy work with a copy of its own: the same `Worker`,
the same `play` (create, the steps, the jobs, the final read), the same
seeded random per copy, and a `SeededScheduler` whose only worker is this
copy, so its turns are granted in its script's order. Which copy goes
before which is Locust's business: copies run in other greenlets, processes
or machines, where no single scheduler can reach them.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import Any

import httpx

from harness.locust.transcript import encode_copy, wall_origin
from harness.run.history import History, Operation, Outcome
from harness.run.result import InterviewRecord
from harness.run.runner import scenario_limits
from harness.run.scheduler import SeededScheduler
from harness.run.steps import play
from harness.run.target import UrlTarget
from harness.run.transport import Transport
from harness.run.worker import Worker, copy_random
from harness.scenario.model import Scenario

Listener = Callable[[Operation], None]


class ObservedHistory(History):
    """A history that tells `listener` about each operation as it completes (Locust's stats)."""

    def __init__(self, listener: Listener) -> None:
        super().__init__()
        self._listener = listener

    def complete(self, op: Operation, outcome: Outcome, **fields: Any) -> Operation:
        done = super().complete(op, outcome, **fields)
        self._listener(done)
        return done


class CopyPlayer:
    """One Locust user's clients to the backend (one per scenario) and the copies it plays."""

    def __init__(self, base_url: str, listener: Listener) -> None:
        self.base_url = base_url
        self.listener = listener
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._stack = AsyncExitStack()

    async def _client(self, scenario: Scenario) -> httpx.AsyncClient:
        # Kept open across copies like a browser's connections: a user that plays ten copies
        # does not pay ten connection set-ups. The pool fits the scenario's biggest burst.
        client = self._clients.get(scenario.path)
        if client is None:
            target = UrlTarget(self.base_url)
            client = await self._stack.enter_async_context(
                target.client(scenario_limits(scenario, 1))
            )
            self._clients[scenario.path] = client
        return client

    async def play(self, scenario: Scenario, number: int) -> dict[str, Any]:
        """Play copy `number` of `scenario` to the end; its transcript as plain data."""
        history = ObservedHistory(self.listener)
        origin = wall_origin(history)
        load = scenario.load
        worker: Worker | None = None
        try:
            transport = Transport(await self._client(scenario), history, load.timeout)
            scheduler = SeededScheduler([number], seed=load.seed, limit=1)
            worker = Worker(number, scenario, transport, scheduler, copy_random(load.seed, number))
            await play(worker)
        except Exception as exc:  # a crash must not lose the copy: it is judged as aborted
            why = f"crashed: {type(exc).__name__}: {exc}"
            if worker is None:
                record = InterviewRecord(number, None, scenario.interview.ai_followups, aborted=why)
                return encode_copy(record, history.operations(), [], origin)
            worker.aborted = why
        return encode_copy(worker.record(), history.operations(), worker.checks, origin)

    async def close(self) -> None:
        """Close every client this user opened."""
        await self._stack.aclose()
        self._clients.clear()
