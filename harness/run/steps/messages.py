"""The `message` step: a manual message appended by a person, outside the question flow.

Manual messages may land anywhere in the conversation, so the order
invariants skip them; they still count for `acknowledged_stored_once`, which
is why the append is recorded (role, kind `manual`, content, key).
"""

from __future__ import annotations

from harness.run.history import Append
from harness.run.worker import Worker
from harness.scenario import templating
from harness.scenario.model import Step

DEFAULT_CONTENT = "A manual note"


async def message(worker: Worker, step: Step) -> None:
    """`POST /interviews/{id}/messages` with the step's role and content (and key, if any)."""
    content = templating.render(step.content or DEFAULT_CONTENT, worker.context(step))
    headers = {}
    key = None
    if step.key:
        key = headers["Idempotency-Key"] = templating.render(step.key, worker.context(step))
    reply = await worker.send(
        step,
        "message",
        "POST",
        worker.url("/messages"),
        json={"role": step.role, "content": content},
        headers=headers,
        append=Append(step.role, "manual", content, key),
    )
    worker.expect(step, reply)
