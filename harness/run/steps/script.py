"""One copy's whole script: create, each step through its handler, the jobs, the final read.

`HANDLERS` is the dispatch table from a step's `action` to the function that
plays it; each family of steps lives in its own module next to this one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from harness.run.steps.answers import answer, answer_all
from harness.run.steps.bursts import burst
from harness.run.steps.create import create, start
from harness.run.steps.jobs import wait_followup, wait_jobs
from harness.run.steps.messages import message
from harness.run.steps.reads import final_read, read
from harness.run.steps.requests import request
from harness.run.steps.retries import retry
from harness.run.worker import Worker
from harness.scenario.model import Step

Handler = Callable[[Worker, Step], Awaitable[None]]

#: Every action of `harness.scenario.model.ACTIONS`, and who plays it.
HANDLERS: dict[str, Handler] = {
    "start": start,
    "answer": answer,
    "answer_all": answer_all,
    "message": message,
    "read": read,
    "burst": burst,
    "retry": retry,
    "request": request,
    "wait_followup": wait_followup,
}


async def play(worker: Worker) -> None:
    """Create the interview, run the steps, see async jobs through, read it back.

    The copy always leaves the scheduler's draw (`finish`), even when a step
    raised, so the other copies are not left waiting for its turn.
    """
    scenario = worker.scenario
    try:
        if await create(worker):
            for step in scenario.steps:
                await HANDLERS[step.action](worker, step)
            await wait_jobs(worker, scenario.steps[-1], scenario.deadline)
            await final_read(worker)
    finally:
        await worker.scheduler.finish(worker.number)
