"""Replay a scenario against a target: every interview copy is a seeded worker.

The runner knows how to drive copies side by side (one client, one history,
one seeded scheduler) and nothing about storage. Each copy plays the scenario
through `harness.run.steps`; the runner returns a `RunResult` — the history,
the interviews it created, the responses that broke their step's
expectations — for `harness.check` to judge.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from harness.run.history import History
from harness.run.result import RunResult
from harness.run.scheduler import SeededScheduler
from harness.run.steps import play
from harness.run.target import Limits, Target
from harness.run.transport import Transport
from harness.run.worker import Worker, copy_random
from harness.scenario.model import Scenario


def scenario_limits(scenario: Scenario, in_flight: int) -> Limits:
    """A pool wide enough for `in_flight` turns or the scenario's biggest burst, plus slack."""
    biggest_burst = max((s.count for s in scenario.steps if s.action == "burst"), default=1)
    return Limits(connections=max(in_flight, biggest_burst) + 2, timeout=scenario.load.timeout)


class Runner:
    """Runs scenarios against one target."""

    def __init__(self, target: Target) -> None:
        self.target = target

    async def run(
        self, scenario: Scenario, *, on_interview_done: Callable[[], None] | None = None
    ) -> RunResult:
        """Replay `scenario` (all its copies) and return what happened."""
        load = scenario.load
        limits = scenario_limits(scenario, load.concurrency)
        history = History()
        numbers = range(1, load.interviews + 1)
        scheduler = SeededScheduler(numbers, seed=load.seed, limit=load.concurrency)
        started = time.perf_counter()
        async with self.target.client(limits) as client:
            transport = Transport(client, history, load.timeout)
            workers = [
                Worker(number, scenario, transport, scheduler, copy_random(load.seed, number))
                for number in numbers
            ]

            async def drive(worker: Worker) -> None:
                try:
                    await play(worker)
                finally:
                    if on_interview_done is not None:
                        on_interview_done()

            await asyncio.gather(*(drive(worker) for worker in workers))
        return RunResult(
            scenario=scenario,
            target=self.target.label,
            history=history.operations(),
            interviews=tuple(worker.record() for worker in workers),
            checks=tuple(check for worker in workers for check in worker.checks),
            elapsed=time.perf_counter() - started,
            order=tuple(scheduler.order),
        )
