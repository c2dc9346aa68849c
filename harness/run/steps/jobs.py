"""Async answers after their 202: track each job, poll it until done, check its follow-up.

`send-message-async` acknowledges the answer and leaves the next question to
a background job. The client sees it through by polling `GET /jobs/{id}`; the
wait is one `wait` operation in the history (invoked when the turn starts,
ok when the job succeeded within its deadline, measured from the job's
`created_at` to its `finished_at`), which `followups_on_time` then compares
with storage.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from harness.run.expectations import fields_only
from harness.run.history import Operation, Outcome
from harness.run.steps.reads import resync
from harness.run.transport import Response
from harness.run.worker import Job, Worker
from harness.scenario.model import Expect, Step

#: Polls start fast (a job with no AI latency is done in milliseconds) and back off to
#: `_POLL_MAX`, so copies waiting on slow jobs do not flood the backend they wait on.
_POLL_FIRST = 0.005
_POLL_MAX = 0.1


def track(worker: Worker, step: Step, reply: Response) -> None:
    """Remember the job an accepted async send started, with its deadline."""
    body = reply.body if isinstance(reply.body, dict) else {}
    deadline = step.deadline or worker.scenario.deadline
    worker.jobs.append(Job(reply.op, str(body.get("job_id")), deadline))


async def after_async_send(worker: Worker, step: Step, reply: Response, expect: Expect) -> None:
    """Track an accepted send's job (and see it through if the step waits), or resync."""
    if reply.ok and isinstance(reply.body, dict) and "job_id" in reply.body:
        worker.question = None
        track(worker, step, reply)
        if step.wait:
            await wait_jobs(worker, step, None, expect)
    elif not reply.ok:
        await resync(worker, step)


async def wait_followup(worker: Worker, step: Step) -> None:
    """The `wait_followup` step: see every pending job through, within the step's deadline;
    with `until: started`, only until each has started (it stays tracked)."""
    if step.until == "started":
        await wait_started(worker, step)
        return
    await wait_jobs(worker, step, step.deadline, step.expect)


async def wait_started(worker: Worker, step: Step) -> None:
    """Poll each pending job until it leaves `pending`: what comes next is sent while it runs.

    "Send an answer while the follow-up is being generated" cannot be timed by
    counting requests: how long a job takes to start depends on the machine
    and on how slow commits are. The job's own status says it.
    """
    for job in worker.jobs:
        limit = step.deadline or job.deadline
        done, _body, error = await _watch(worker, step, job, limit, started=True)
        if error is not None:
            worker.fail(step, done.index, f"the follow-up of op {job.send.index} to start", error)


async def _watch(
    worker: Worker, step: Step, job: Job, limit: float, *, started: bool = False
) -> tuple[Operation, Any, str | None]:
    """One wait in the history (`wait`, or `wait_started`): the job polled in the copy's turn."""
    history = worker.http.history
    async with worker.scheduler.turn(worker.number) as turn:
        op = history.invoke(
            interview=worker.number,
            interview_id=worker.id,
            step=step.number,
            action=step.action,
            f="wait_started" if started else "wait",
            request=f"GET /jobs/{job.job_id} (op {job.send.index})",
            deadline=limit,
            ref=job.send.index,
            turn=turn,
        )
        body, error = await _poll(worker, job.job_id, job.send.invoked_at, limit, started=started)
    outcome: Outcome = "ok" if error is None else "fail"
    done = history.complete(
        op, outcome, body=body, error=error, status=200 if body is not None else None
    )
    return done, body, error


async def wait_jobs(
    worker: Worker, step: Step, deadline: float | None, expect: Expect | None = None
) -> None:
    """See every accepted async send through: poll its job until done or past its deadline."""
    while worker.jobs:
        job = worker.jobs.pop(0)
        limit = deadline or job.deadline
        done, body, error = await _watch(worker, step, job, limit)
        if error is not None:
            worker.fail(
                step, done.index, f"the follow-up of op {job.send.index} within {limit}s", error
            )
            continue
        question = body.get("question") if isinstance(body, dict) else None
        worker.question = question if isinstance(question, dict) else None
        if worker.question is None:
            await resync(worker, step)
        if expect is not None and not worker.jobs:
            worker.expect(
                step,
                Response(done, body),
                statuses=(200,),
                expect=fields_only(expect),
                question=question,
            )


def job_duration(body: dict[str, Any]) -> float | None:
    """Seconds from `created_at` to `finished_at` of a job, by the backend's own clock.

    The wait is taken in the copy's seeded turn, which may come long after the job
    finished: judged by when this client looked, a fast job would count as late
    whenever the scheduler was slow to come back to its copy.
    """
    try:
        created = datetime.fromisoformat(str(body["created_at"]))
        finished = datetime.fromisoformat(str(body["finished_at"]))
        return (finished - created).total_seconds()
    except (KeyError, TypeError, ValueError):
        return None


async def _poll(
    worker: Worker, job_id: str, since: float, limit: float, *, started: bool = False
) -> tuple[Any, str | None]:
    """The job's last state and, unless it succeeded in time, why not (`started`: unless
    it left `pending` in time)."""
    history = worker.http.history
    client = worker.http.client
    body: Any = None
    delay = _POLL_FIRST
    while True:
        try:
            reply = await client.get(f"/jobs/{job_id}")
            body = reply.json() if reply.status_code == 200 else None
        except Exception as exc:  # a poll that fails is retried until the deadline
            body = None
            last_error = f"{type(exc).__name__}: {exc}"
        else:
            last_error = f"GET /jobs/{job_id} answered {reply.status_code}"
        state = body.get("status") if isinstance(body, dict) else None
        if started and state is not None and state != "pending":
            return body, None
        if state == "succeeded":
            took = job_duration(body)
            if took is None:  # a backend without job timestamps: what this client saw
                took = history.now() - since
            return body, f"job finished after {took:.2f}s" if took > limit else None
        if state == "failed":
            return body, f"job failed: {body.get('error')}"
        waited = history.now() - since
        if waited > limit:
            seen = f"job still {state}" if state else last_error
            return body, f"no follow-up after {limit}s ({seen})"
        await asyncio.sleep(min(delay, limit - waited))  # the last look is at the deadline
        delay = min(delay * 2, _POLL_MAX)
