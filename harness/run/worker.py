"""One interview copy's script: what each step action sends and what state it implies.

A `Worker` keeps the client's view of its interview (pending question,
status, async jobs not yet seen through) so later steps know what to answer.
Each operation takes a scheduler turn, which is what makes the order seeded.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import replace
from typing import Any

from harness.run.expectations import Check, check_body, check_status, default_status
from harness.run.history import Append, Operation, Outcome
from harness.run.runner import InterviewRecord, Response, Transport
from harness.run.scheduler import SeededScheduler
from harness.scenario import templating
from harness.scenario.model import Expect, Scenario, Step

_POLL = 0.02
_MAX_ANSWERS = 2 * (18 + 50) + 10


class Worker:
    """Runs every step of `scenario` for interview copy `number`."""

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
        self.jobs: list[tuple[Operation, str, float]] = []
        self.checks: list[Check] = []
        self.final: dict[str, Any] = {}
        self.aborted: str | None = None

    # -- lifecycle -------------------------------------------------------------------

    async def run(self) -> None:
        """Create the interview, run the steps, see async jobs through, read it back."""
        try:
            if await self._create():
                for step in self.scenario.steps:
                    await getattr(self, f"_{step.action}")(step)
                await self._wait_jobs(self.scenario.steps[-1], self.scenario.deadline)
                reply = await self._send(self.scenario.steps[-1], "final_read", "GET", self._url())
                if reply.ok and isinstance(reply.body, dict):
                    self.final = reply.body
        finally:
            await self.scheduler.finish(self.number)

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

    async def _create(self) -> bool:
        spec = self.scenario.interview
        body = {
            "project_title": spec.project_title,
            "project_description": spec.project_description,
            "ai_followups": spec.ai_followups,
        }
        first = self.scenario.steps[0]
        async with self.scheduler.turn(self.number) as turn:
            reply = await self.http.call(
                interview=self.number,
                interview_id=None,
                step=0,
                action="create",
                f="create",
                method="POST",
                path="/interviews",
                json=body,
                turn=turn,
            )
        if reply.op.status != 201 or not isinstance(reply.body, dict) or "id" not in reply.body:
            self.aborted = f"create failed: {reply.op.status or reply.op.error} {reply.body!r}"
            self.checks.append(
                Check(
                    self.number,
                    0,
                    first.location,
                    reply.op.index,
                    "status 201 with an id",
                    str(reply.op.status or reply.op.error),
                )
            )
            return False
        self.id = str(reply.body["id"])
        self.status = reply.body.get("status")
        return True

    # -- plumbing --------------------------------------------------------------------

    def _url(self, suffix: str = "") -> str:
        return f"/interviews/{self.id}{suffix}"

    def context(self, step: Step, attempt: int = 1) -> dict[str, Any]:
        """Values the step's templates may use."""
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

    async def _send(self, step: Step, f: str, method: str, path: str, **kw: Any) -> Response:
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

    def _expect(
        self,
        step: Step,
        reply: Response,
        *,
        statuses: tuple[int, ...] | None = None,
        expect: Expect | None = None,
        question: Any = ...,
        attempt: int = 1,
    ) -> bool:
        """Record mismatches; True when the response matched."""
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

    def _absorb(self, body: Any) -> None:
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

    def _answer_body(self, step: Step, attempt: int) -> tuple[str, Append]:
        content = templating.render(
            step.content or self.scenario.answer, self.context(step, attempt)
        )
        q = self.question or {}
        return content, Append("user", str(q.get("kind", "?")), content)

    # -- actions -------------------------------------------------------------------------

    async def _start(self, step: Step) -> None:
        reply = await self._send(step, "start", "POST", self._url("/start"))
        self._expect(step, reply)
        if reply.ok:
            self._absorb(reply.body)

    async def _answer(
        self, step: Step, mode: str | None = None, expect: Expect | None = None
    ) -> Response:
        mode = mode or step.mode
        content, append = self._answer_body(step, 1)
        headers = {}
        if step.key:
            headers["Idempotency-Key"] = templating.render(step.key, self.context(step))
            append = Append(append.role, append.kind, content, headers["Idempotency-Key"])
        path = self._url("/send-message-async" if mode == "async" else "/send-message")
        reply = await self._send(
            step,
            f"send_{mode}",
            "POST",
            path,
            json={"content": content},
            headers=headers,
            append=append,
        )
        statuses = (expect or step.expect).status or default_status(step, mode=mode)
        if mode == "sync":
            self._expect(step, reply, statuses=statuses, expect=expect)
            if reply.ok:
                self._absorb(reply.body)
            else:
                await self._resync(step)
            return reply
        self._expect(step, reply, statuses=statuses, expect=_status_only(expect or step.expect))
        if reply.ok and isinstance(reply.body, dict) and "job_id" in reply.body:
            self.question = None
            self.jobs.append(
                (reply.op, str(reply.body["job_id"]), step.deadline or self.scenario.deadline)
            )
            if step.wait:
                await self._wait_jobs(step, None, expect or step.expect)
        elif not reply.ok:
            await self._resync(step)
        return reply

    async def _answer_all(self, step: Step) -> None:
        """Answer until completed; `expect.status` applies to each answer, the rest to a read."""
        for _ in range(_MAX_ANSWERS):
            if self.status == "completed":
                break
            if self.question is None:
                await self._wait_jobs(step, None)
                await self._resync(step)
                if self.question is None:
                    break
            mode = self.rng.choice(("sync", "async")) if step.mode == "mixed" else step.mode
            reply = await self._answer(step, mode, expect=Expect(status=step.expect.status))
            if reply.op.outcome != "ok":
                return
        await self._wait_jobs(step, None)
        if self.status != "completed" and self.question is None:
            self.checks.append(
                Check(
                    self.number,
                    step.number,
                    step.location,
                    None,
                    "a pending question or a completed interview",
                    f"status {self.status} and no question",
                )
            )
        fields = replace(step.expect, status=())
        if fields != Expect():
            reply = await self._send(step, "read", "GET", self._url())
            self._expect(step, reply, statuses=(200,), expect=fields, question=self.question)
            if reply.ok:
                self._absorb(reply.body)

    async def _message(self, step: Step) -> None:
        content = templating.render(step.content or "A manual note", self.context(step))
        headers = {}
        key = None
        if step.key:
            key = headers["Idempotency-Key"] = templating.render(step.key, self.context(step))
        reply = await self._send(
            step,
            "message",
            "POST",
            self._url("/messages"),
            json={"role": step.role, "content": content},
            headers=headers,
            append=Append(step.role, "manual", content, key),
        )
        self._expect(step, reply)

    async def _read(self, step: Step) -> None:
        reply = await self._send(step, "read", "GET", self._url())
        self._expect(step, reply)
        if reply.ok:
            self._absorb(reply.body)

    async def _resync(self, step: Step) -> None:
        reply = await self._send(step, "read", "GET", self._url())
        if reply.ok:
            self._absorb(reply.body)

    async def _burst(self, step: Step) -> None:
        path = self._url("/send-message-async" if step.mode == "async" else "/send-message")
        planned = [self._answer_body(step, attempt) for attempt in range(1, step.count + 1)]
        request: dict[str, Any] = {
            "interview": self.number,
            "interview_id": self.id,
            "step": step.number,
            "action": "burst",
            "f": f"send_{step.mode}",
            "method": "POST",
            "path": path,
        }
        async with self.scheduler.turn(self.number) as turn:
            # invoke every request before sending any: the history shows them concurrent
            ops = [self.http.invoke(**request, append=append, turn=turn) for _, append in planned]
            replies = await asyncio.gather(
                *(
                    self.http.call(**request, json={"content": content}, invoked=op)
                    for op, (content, _) in zip(ops, planned, strict=True)
                )
            )
        for reply in replies:
            self._expect(step, reply, expect=_status_only(step.expect))
            if step.mode == "async" and reply.ok and isinstance(reply.body, dict):
                self.jobs.append(
                    (
                        reply.op,
                        str(reply.body.get("job_id")),
                        step.deadline or self.scenario.deadline,
                    )
                )
        accepted = sum(1 for reply in replies if reply.ok)
        rule = step.expect.accepted
        low, high = (rule.min, rule.max) if rule else (1, None)
        if accepted < low or (high is not None and accepted > high):
            bound = f"{low}..{high}" if high is not None else f"at least {low}"
            self.checks.append(
                Check(
                    self.number,
                    step.number,
                    step.location,
                    None,
                    f"{bound} accepted of {step.count}",
                    f"{accepted}",
                )
            )
        await self._wait_jobs(step, None)
        await self._resync(step)

    async def _retry(self, step: Step) -> None:
        key_template = step.key or "{{ interview.id }}-step-{{ step.number }}"
        key = templating.render(key_template, self.context(step))
        content, append = self._answer_body(step, 1)
        append = Append(append.role, append.kind, content, key)
        path = self._url("/send-message-async" if step.mode == "async" else "/send-message")
        replies = [
            await self._send(
                step,
                f"send_{step.mode}",
                "POST",
                path,
                json={"content": content},
                headers={"Idempotency-Key": key},
                append=append,
            )
            for _ in range(step.count)
        ]
        first = replies[0]
        for attempt, reply in enumerate(replies, start=1):
            self._expect(step, reply, expect=_status_only(step.expect), attempt=attempt)
        if step.expect.identical:
            for reply in replies[1:]:
                if (reply.op.status, reply.body) != (first.op.status, first.body):
                    self.checks.append(
                        Check(
                            self.number,
                            step.number,
                            step.location,
                            reply.op.index,
                            f"the first response again (status {first.op.status})",
                            f"status {reply.op.status}, body {_short(reply.body)}",
                        )
                    )
        if not first.ok:
            return
        if step.mode == "async" and isinstance(first.body, dict):
            self.question = None
            self.jobs.append(
                (first.op, str(first.body.get("job_id")), step.deadline or self.scenario.deadline)
            )
            await self._wait_jobs(step, None, step.expect)
        else:
            self._expect(step, first, expect=step.expect)
            self._absorb(first.body)

    async def _request(self, step: Step) -> None:
        context = self.context(step)
        path = templating.render(step.path or "/", context)
        headers = {name: templating.render(value, context) for name, value in step.headers}
        raw = templating.render(step.raw, context) if step.raw is not None else None
        body = templating.render_value(step.body, context)
        reply = await self._send(
            step, "request", step.method, path, json=body, content=raw, headers=headers
        )
        self._expect(step, reply, question=None)
        if reply.ok and self.id is not None:
            await self._resync(step)

    async def _wait_followup(self, step: Step) -> None:
        await self._wait_jobs(step, step.deadline, step.expect)

    # -- async jobs -----------------------------------------------------------------------

    async def _wait_jobs(
        self, step: Step, deadline: float | None, expect: Expect | None = None
    ) -> None:
        """See every accepted async send through: poll its job until done or past its deadline."""
        while self.jobs:
            send, job_id, own_deadline = self.jobs.pop(0)
            limit = deadline or own_deadline
            async with self.scheduler.turn(self.number) as turn:
                op = self.http.history.invoke(
                    interview=self.number,
                    interview_id=self.id,
                    step=step.number,
                    action=step.action,
                    f="wait",
                    request=f"GET /jobs/{job_id} (op {send.index})",
                    deadline=limit,
                    ref=send.index,
                    turn=turn,
                )
                body, error = await self._poll(job_id, send.invoked_at, limit)
            outcome: Outcome = "ok" if error is None else "fail"
            done = self.http.history.complete(
                op, outcome, body=body, error=error, status=200 if body is not None else None
            )
            if error is not None:
                self.checks.append(
                    Check(
                        self.number,
                        step.number,
                        step.location,
                        done.index,
                        f"the follow-up of op {send.index} within {limit}s",
                        error,
                    )
                )
                continue
            question = body.get("question") if isinstance(body, dict) else None
            self.question = question if isinstance(question, dict) else None
            if self.question is None:
                await self._resync(step)
            if expect is not None and not self.jobs:
                self._expect(
                    step,
                    Response(done, body),
                    statuses=(200,),
                    expect=_fields_only(expect),
                    question=question,
                )

    async def _poll(self, job_id: str, since: float, limit: float) -> tuple[Any, str | None]:
        history = self.http.history
        body: Any = None
        while True:
            try:
                reply = await self.http.client.get(f"/jobs/{job_id}")
                body = reply.json() if reply.status_code == 200 else None
            except Exception as exc:  # a poll that fails is retried until the deadline
                body = None
                last_error = f"{type(exc).__name__}: {exc}"
            else:
                last_error = f"GET /jobs/{job_id} answered {reply.status_code}"
            state = body.get("status") if isinstance(body, dict) else None
            if state == "succeeded":
                if history.now() - since > limit:
                    return body, f"job finished after {history.now() - since:.2f}s"
                return body, None
            if state == "failed":
                return body, f"job failed: {body.get('error')}"
            if history.now() - since > limit:
                seen = f"job still {state}" if state else last_error
                return body, f"no follow-up after {limit}s ({seen})"
            await asyncio.sleep(_POLL)


def _status_only(expect: Expect) -> Expect:
    return Expect(status=expect.status, detail=expect.detail)


def _fields_only(expect: Expect) -> Expect:
    return Expect(
        question_index=expect.question_index,
        kind=expect.kind,
        content=expect.content,
        completed=expect.completed,
    )


def _short(body: Any) -> str:
    text = str(body)
    return text if len(text) <= 120 else text[:117] + "..."
