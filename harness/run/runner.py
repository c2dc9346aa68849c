"""Replay a scenario against a target: every interview copy is a seeded worker.

The runner knows the interview protocol (which endpoint a step calls, what
state a response implies) and nothing about storage. It produces a
`RunResult` — the history, the interviews it created, the responses that
broke their step's expectations — for `harness.check.appends` to judge.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from harness.run.expectations import Check
from harness.run.history import Append, History, Operation, Outcome
from harness.run.scheduler import SeededScheduler
from harness.run.target import Limits, Target
from harness.scenario.model import Scenario


@dataclass(frozen=True)
class InterviewRecord:
    """One interview copy as the runner saw it end."""

    number: int
    id: str | None
    ai_followups: int
    final_status: str | None = None
    final_count: int | None = None
    aborted: str | None = None


@dataclass(frozen=True)
class RunResult:
    """Everything the invariant checker and the report need from a run."""

    scenario: Scenario
    target: str
    history: tuple[Operation, ...]
    interviews: tuple[InterviewRecord, ...]
    checks: tuple[Check, ...]
    elapsed: float
    order: tuple[int, ...]

    def invocations(self) -> list[tuple[int, int, str]]:
        """(interview, step, operation) in invocation order: what "same order" compares."""
        ordered = sorted(self.history, key=lambda op: (op.turn, op.index))
        return [(op.interview, op.step, op.f) for op in ordered]


@dataclass
class Response:
    """The completed operation and its decoded body (None for no response)."""

    op: Operation
    body: Any

    @property
    def ok(self) -> bool:
        return self.op.outcome == "ok"


class Runner:
    """Runs scenarios against one target."""

    def __init__(self, target: Target) -> None:
        self.target = target

    async def run(
        self, scenario: Scenario, *, on_interview_done: Callable[[], None] | None = None
    ) -> RunResult:
        """Replay `scenario` (all its copies) and return what happened."""
        from harness.run.worker import Worker

        load = scenario.load
        biggest_burst = max((s.count for s in scenario.steps if s.action == "burst"), default=1)
        limits = Limits(connections=max(load.concurrency, biggest_burst) + 2, timeout=load.timeout)
        history = History()
        numbers = range(1, load.interviews + 1)
        scheduler = SeededScheduler(numbers, seed=load.seed, limit=load.concurrency)
        started = time.perf_counter()
        async with self.target.client(limits) as client:
            workers = [
                Worker(
                    number,
                    scenario,
                    Transport(client, history, load.timeout),
                    scheduler,
                    random.Random(f"{load.seed}:{number}"),
                )
                for number in numbers
            ]

            async def drive(worker: Worker) -> None:
                try:
                    await worker.run()
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


class Transport:
    """Sends one request and records it in the history as invoke → ok/fail/info."""

    def __init__(self, client: httpx.AsyncClient, history: History, timeout: float) -> None:
        self.client = client
        self.history = history
        self.timeout = timeout

    async def call(
        self,
        *,
        interview: int,
        interview_id: str | None,
        step: int,
        action: str,
        f: str,
        method: str,
        path: str,
        json: Any = None,
        content: str | None = None,
        headers: dict[str, str] | None = None,
        append: Append | None = None,
        invoked: Operation | None = None,
        turn: int = -1,
    ) -> Response:
        """One HTTP exchange; 2xx is ok, 4xx fail, 5xx/timeout/transport error info."""
        op = invoked or self.invoke(
            interview=interview,
            interview_id=interview_id,
            step=step,
            action=action,
            f=f,
            method=method,
            path=path,
            append=append,
            turn=turn,
        )
        kwargs: dict[str, Any] = {"headers": headers or {}}
        if content is not None:
            kwargs["content"] = content
            kwargs["headers"] = {"content-type": "application/json", **kwargs["headers"]}
        elif json is not None:
            kwargs["json"] = json
        try:
            reply = await asyncio.wait_for(
                self.client.request(method, path, **kwargs), timeout=self.timeout
            )
        except (TimeoutError, httpx.TimeoutException):
            done = self.history.complete(op, "info", error=f"timeout after {self.timeout}s")
            return Response(done, None)
        except httpx.TransportError as exc:
            done = self.history.complete(op, "info", error=f"{type(exc).__name__}: {exc}")
            return Response(done, None)
        try:
            body: Any = reply.json()
        except ValueError:
            body = reply.text
        outcome: Outcome = (
            "ok" if reply.status_code < 400 else "fail" if reply.status_code < 500 else "info"
        )
        done = self.history.complete(op, outcome, status=reply.status_code, body=body)
        return Response(done, body)

    def invoke(self, *, method: str, path: str, **fields: Any) -> Operation:
        """Record an invocation now (bursts invoke every request before sending any)."""
        return self.history.invoke(request=f"{method} {path}", **fields)
