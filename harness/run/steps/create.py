"""Steps that open an interview: the create every copy begins with, and `start`.

Create is not a step of the file (it is step 0): without an id nothing else
can run, so a failed create aborts the copy and says why.
"""

from __future__ import annotations

from harness.run.expectations import Check
from harness.run.worker import Worker
from harness.scenario.model import Step


async def create(worker: Worker) -> bool:
    """`POST /interviews` with the scenario's interview; False (and a check) if it failed."""
    spec = worker.scenario.interview
    body = {
        "project_title": spec.project_title,
        "project_description": spec.project_description,
        "ai_followups": spec.ai_followups,
    }
    first = worker.scenario.steps[0]
    async with worker.scheduler.turn(worker.number) as turn:
        reply = await worker.http.call(
            interview=worker.number,
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
        found = str(reply.op.status or reply.op.error)
        worker.aborted = f"create failed: {reply.op.status or reply.op.error} {reply.body!r}"
        worker.checks.append(
            Check(worker.number, 0, first.location, reply.op.index, "status 201 with an id", found)
        )
        return False
    worker.id = str(reply.body["id"])
    worker.status = reply.body.get("status")
    return True


async def start(worker: Worker, step: Step) -> None:
    """`POST /interviews/{id}/start`: the first question becomes pending."""
    reply = await worker.send(step, "start", "POST", worker.url("/start"))
    worker.expect(step, reply)
    if reply.ok:
        worker.absorb(reply.body)
