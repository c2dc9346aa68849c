"""The `burst` step: the same answer submitted several times at once (a double click).

All requests take one scheduler turn and are invoked before any is sent, so
the history shows them concurrent. The backend may accept one or refuse the
others (409); `expect.accepted` bounds how many may succeed, and storage
must hold exactly the accepted ones.
"""

from __future__ import annotations

import asyncio
from typing import Any

from harness.run.expectations import status_only
from harness.run.steps.jobs import track, wait_jobs
from harness.run.steps.reads import resync
from harness.run.worker import Worker
from harness.scenario.model import Step


async def burst(worker: Worker, step: Step) -> None:
    """Send `step.count` answers concurrently; check each status and how many were accepted."""
    path = worker.url("/send-message-async" if step.mode == "async" else "/send-message")
    planned = [worker.answer_body(step, attempt) for attempt in range(1, step.count + 1)]
    request: dict[str, Any] = {
        "interview": worker.number,
        "interview_id": worker.id,
        "step": step.number,
        "action": "burst",
        "f": f"send_{step.mode}",
        "method": "POST",
        "path": path,
    }
    http = worker.http
    async with worker.scheduler.turn(worker.number) as turn:
        # invoke every request before sending any: the history shows them concurrent
        ops = [http.invoke(**request, append=append, turn=turn) for _, append in planned]
        replies = await asyncio.gather(
            *(
                http.call(**request, json={"content": content}, invoked=op)
                for op, (content, _) in zip(ops, planned, strict=True)
            )
        )
    for reply in replies:
        worker.expect(step, reply, expect=status_only(step.expect))
        if step.mode == "async" and reply.ok and isinstance(reply.body, dict):
            track(worker, step, reply)
    accepted = sum(1 for reply in replies if reply.ok)
    rule = step.expect.accepted
    low, high = (rule.min, rule.max) if rule else (1, None)
    if accepted < low or (high is not None and accepted > high):
        bound = f"{low}..{high}" if high is not None else f"at least {low}"
        worker.fail(step, None, f"{bound} accepted of {step.count}", f"{accepted}")
    await wait_jobs(worker, step, None)
    await resync(worker, step)
