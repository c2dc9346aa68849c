"""One interview copy as the client sees it, and the plumbing every step handler shares.

A `Worker` keeps the client's view of its interview (id, pending question,
status, async jobs not yet seen through) so later steps know what to answer.
It holds no step actions: those live in `harness.run.steps`, one module per
family, as functions that take the worker. Each request takes a scheduler
turn, which is what makes the order seeded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from harness.run.expectations import Check, check_body, check_status, default_status
from harness.run.history import Append, Operation
from harness.run.result import InterviewRecord
from harness.run.scheduler import SeededScheduler
from harness.run.transport import Response, Transport
from harness.scenario import templating
from harness.scenario.model import Expect, Scenario, Step


def copy_random(seed: int, number: int) -> random.Random:
    """Copy `number`'s own seeded random (e.g. `mixed` modes): the same wherever it is played."""
    return random.Random(f"{seed}:{number}")


@dataclass(frozen=True)
class Job:
    """An accepted async send whose follow-up question is still to be seen."""

    send: Operation
    job_id: str
    deadline: float


class Worker:
    """The state of interview copy `number` while it plays `scenario`."""

    def __init__(
        self,
        number: int,
        scenario: Scenario,
        transport: Transport,
        scheduler: SeededScheduler,
        rng: random.Random,
    ) -> None:
        self.number = number
        self.scenario = scenario
        self.http = transport
        self.scheduler = scheduler
        self.rng = rng
        self.id: str | None = None
        self.question: dict[str, Any] | None = None
        self.status: str | None = None
        self.jobs: list[Job] = []
        self.checks: list[Check] = []
        self.final: dict[str, Any] = {}
        self.aborted: str | None = None

    def record(self) -> InterviewRecord:
        """What the checker needs to know about this copy."""
        return InterviewRecord(
            self.number,
            self.id,
            self.scenario.interview.ai_followups,
            self.final.get("status"),
            self.final.get("message_count"),
            self.aborted,
        )

    def url(self, suffix: str = "") -> str:
        """`/interviews/{id}{suffix}`."""
        return f"/interviews/{self.id}{suffix}"

    def context(self, step: Step, attempt: int = 1) -> dict[str, Any]:
        """Values the step's templates may use (`harness.scenario.templating.VARIABLES`)."""
        spec = self.scenario.interview
        q = self.question or {}
        return {
            "interview.project_title": spec.project_title,
            "interview.project_description": spec.project_description,
            "interview.ai_followups": spec.ai_followups,
            "interview.id": self.id,
            "interview.number": self.number,
            "question.index": q.get("question_index", "none"),
            "question.kind": q.get("kind", "none"),
            "step.number": step.number,
            "attempt": attempt,
            "seed": self.scenario.load.seed,
        }

    async def send(self, step: Step, f: str, method: str, path: str, **kw: Any) -> Response:
        """One request of `step`, in this copy's next scheduler turn."""
        async with self.scheduler.turn(self.number) as turn:
            return await self.http.call(
                interview=self.number,
                interview_id=self.id,
                step=step.number,
                action=step.action,
                f=f,
                method=method,
                path=path,
                turn=turn,
                **kw,
            )

    def expect(
        self,
        step: Step,
        reply: Response,
        *,
        statuses: tuple[int, ...] | None = None,
        expect: Expect | None = None,
        question: Any = ...,
        attempt: int = 1,
    ) -> bool:
        """Record mismatches with the step's expectations; True when the response matched."""
        expect = expect or step.expect
        found = check_status(
            step, reply.op, statuses or expect.status or default_status(step), self.number
        )
        if not found:
            found = check_body(
                step,
                expect,
                reply.op,
                reply.body,
                self.context(step, attempt),
                self.number,
                question=question,
            )
        self.checks.extend(found)
        return not found

    def fail(self, step: Step, op: int | None, expected: str, found: str) -> None:
        """Record a mismatch that is not about one response's fields."""
        self.checks.append(Check(self.number, step.number, step.location, op, expected, found))

    def absorb(self, body: Any) -> None:
        """Update the client's view from an interview response."""
        if not isinstance(body, dict):
            return
        self.status = body.get("status", self.status)
        if "question" in body and body["question"] is not None:
            self.question = body["question"]
            return
        asked = [m for m in body.get("conversation_data") or [] if m.get("kind") != "manual"]
        last = asked[-1] if asked else None
        pending = last and last.get("role") == "assistant" and self.status != "completed"
        self.question = last if pending else None

    def answer_body(self, step: Step, attempt: int) -> tuple[str, Append]:
        """The answer to send for `attempt` of `step`, and the append it asks for."""
        content = templating.render(
            step.content or self.scenario.answer, self.context(step, attempt)
        )
        q = self.question or {}
        return content, Append("user", str(q.get("kind", "?")), content)
