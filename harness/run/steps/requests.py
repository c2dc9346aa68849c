"""The `request` step: any request the scenario spells out, usually to expect an error.

Unknown ids (404), calls the state forbids (409) and bad payloads (422) are
sent as written (templated path, headers, JSON `body` or `raw` text) and
checked against `expect`; a request that succeeded may have changed the
interview, so the client reads it back.
"""

from __future__ import annotations

from harness.run.steps.reads import resync
from harness.run.worker import Worker
from harness.scenario import templating
from harness.scenario.model import Step


async def request(worker: Worker, step: Step) -> None:
    """Send the step's request as written; check its status and body."""
    context = worker.context(step)
    path = templating.render(step.path or "/", context)
    headers = {name: templating.render(value, context) for name, value in step.headers}
    raw = templating.render(step.raw, context) if step.raw is not None else None
    body = templating.render_value(step.body, context)
    reply = await worker.send(
        step, "request", step.method, path, json=body, content=raw, headers=headers
    )
    worker.expect(step, reply, question=None)
    if reply.ok and worker.id is not None:
        await resync(worker, step)
