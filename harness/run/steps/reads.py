"""Steps that read the interview back: `read`, the resync after a surprise, the final read.

A read is also how the client catches up when a response did not say what
is pending (a refused answer, a finished job without a question): the stored
conversation does.
"""

from __future__ import annotations

from harness.run.worker import Worker
from harness.scenario.model import Step


async def read(worker: Worker, step: Step) -> None:
    """`GET /interviews/{id}`, checked against the step's expectations."""
    reply = await worker.send(step, "read", "GET", worker.url())
    worker.expect(step, reply)
    if reply.ok:
        worker.absorb(reply.body)


async def resync(worker: Worker, step: Step) -> None:
    """Read the interview to learn its status and pending question; expects nothing."""
    reply = await worker.send(step, "read", "GET", worker.url())
    if reply.ok:
        worker.absorb(reply.body)


async def final_read(worker: Worker) -> None:
    """The read every copy ends with: what `count_matches` compares with storage."""
    reply = await worker.send(worker.scenario.steps[-1], "final_read", "GET", worker.url())
    if reply.ok and isinstance(reply.body, dict):
        worker.final = reply.body
