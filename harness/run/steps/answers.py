"""Steps that answer the pending question: `answer` (sync or async) and `answer_all`.

A sync answer returns the next question; an async one is accepted with 202
and handed to `harness.run.steps.jobs`. `answer_all` keeps answering until the
interview completes, with the mode drawn from the copy's seeded random for
`mixed`.
"""

from __future__ import annotations

from dataclasses import replace

from harness.run.expectations import default_status, status_only
from harness.run.history import Append
from harness.run.steps.jobs import after_async_send, wait_jobs
from harness.run.steps.reads import resync
from harness.run.transport import Response
from harness.run.worker import Worker
from harness.scenario import templating
from harness.scenario.model import Expect, Step

#: More answers than any interview takes (18 fixed + up to 50 follow-ups): a runaway guard.
MAX_ANSWERS = 2 * (18 + 50) + 10


async def answer(worker: Worker, step: Step) -> None:
    """The `answer` step: one answer in the step's mode."""
    await send_answer(worker, step, step.mode)


async def send_answer(
    worker: Worker, step: Step, mode: str, expect: Expect | None = None
) -> Response:
    """Answer the pending question in `mode`; check the reply and follow what it implies."""
    content, append = worker.answer_body(step, 1)
    headers = {}
    if step.key:
        headers["Idempotency-Key"] = templating.render(step.key, worker.context(step))
        append = Append(append.role, append.kind, content, headers["Idempotency-Key"])
    path = worker.url("/send-message-async" if mode == "async" else "/send-message")
    reply = await worker.send(
        step,
        f"send_{mode}",
        "POST",
        path,
        json={"content": content},
        headers=headers,
        append=append,
    )
    expect = expect or step.expect
    statuses = expect.status or default_status(step, mode=mode)
    if mode == "async":
        worker.expect(step, reply, statuses=statuses, expect=status_only(expect))
        await after_async_send(worker, step, reply, expect)
        return reply
    worker.expect(step, reply, statuses=statuses, expect=expect)
    if reply.ok:
        worker.absorb(reply.body)
    else:
        await resync(worker, step)
    return reply


async def answer_all(worker: Worker, step: Step) -> None:
    """Answer until completed; `expect.status` applies to each answer, the rest to a read."""
    for _ in range(MAX_ANSWERS):
        if worker.status == "completed":
            break
        if worker.question is None:
            await wait_jobs(worker, step, None)
            await resync(worker, step)
            if worker.question is None:
                break
        mode = worker.rng.choice(("sync", "async")) if step.mode == "mixed" else step.mode
        reply = await send_answer(worker, step, mode, expect=Expect(status=step.expect.status))
        if reply.op.outcome != "ok":
            return
    await wait_jobs(worker, step, None)
    if worker.status != "completed" and worker.question is None:
        worker.fail(
            step,
            None,
            "a pending question or a completed interview",
            f"status {worker.status} and no question",
        )
    fields = replace(step.expect, status=())
    if fields != Expect():
        reply = await worker.send(step, "read", "GET", worker.url())
        worker.expect(step, reply, statuses=(200,), expect=fields, question=worker.question)
        if reply.ok:
            worker.absorb(reply.body)
