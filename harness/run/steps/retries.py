"""The `retry` step: one answer sent `count` times with the same Idempotency-Key.

Every attempt must get the first response again (`expect.identical`), and
storage must hold the answer once: the attempts share the key, which the
checker reads as one logical append.
"""

from __future__ import annotations

from typing import Any

from harness.run.expectations import status_only
from harness.run.history import Append
from harness.run.steps.jobs import track, wait_jobs
from harness.run.worker import Worker
from harness.scenario import templating
from harness.scenario.model import Step

DEFAULT_KEY = "{{ interview.id }}-step-{{ step.number }}"


async def retry(worker: Worker, step: Step) -> None:
    """Send the same answer `step.count` times, one after the other, with one key."""
    key = templating.render(step.key or DEFAULT_KEY, worker.context(step))
    content, append = worker.answer_body(step, 1)
    append = Append(append.role, append.kind, content, key)
    path = worker.url("/send-message-async" if step.mode == "async" else "/send-message")
    replies = [
        await worker.send(
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
        worker.expect(step, reply, expect=status_only(step.expect), attempt=attempt)
    if step.expect.identical:
        for reply in replies[1:]:
            if (reply.op.status, reply.body) != (first.op.status, first.body):
                worker.fail(
                    step,
                    reply.op.index,
                    f"the first response again (status {first.op.status})",
                    f"status {reply.op.status}, body {_short(reply.body)}",
                )
    if not first.ok:
        return
    if step.mode == "async" and isinstance(first.body, dict):
        worker.question = None
        track(worker, step, first)
        await wait_jobs(worker, step, None, step.expect)
    else:
        worker.expect(step, first, expect=step.expect)
        worker.absorb(first.body)


def _short(body: Any) -> str:
    text = str(body)
    return text if len(text) <= 120 else text[:117] + "..."
