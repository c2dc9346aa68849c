"""The background follow-up job spawned by `send-message-async` after its commit.

It opens its own session (never the request's) and receives ids, not ORM
objects: the request's session is closed by the time the job runs.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from reference_app.errors import NotFound, StateConflict
from reference_app.models import Interview, Job
from reference_app.runtime import Runtime
from reference_app.schemas import JobRead
from reference_app.services.conversation import Message, NewMessage, Plan, append_messages

logger = logging.getLogger(__name__)

Ask = Callable[[Runtime, Interview, list[Message]], Awaitable[NewMessage | None]]


def _last_answer(interview: Interview) -> int:
    """`seq` of the answer awaiting a follow-up; 409 naming the state when there is none."""
    qa = [m for m in interview.conversation_data if m["kind"] != "manual"]
    if not qa or qa[-1]["role"] != "user":
        raise StateConflict(
            f"Unexpected interview state (message_count={len(interview.conversation_data)})"
        )
    seq: int = qa[-1]["seq"]
    return seq


async def run_followup_job(
    runtime: Runtime, *, job_id: uuid.UUID, interview_id: uuid.UUID, ask: Ask
) -> None:
    """Append the question that follows the committed answer, then mark the job done."""
    try:
        # Generate outside the row lock: a real model takes seconds, and holding the
        # lock that long would make a concurrent answer wait (then be accepted as the
        # answer to the new question) instead of getting its 409.
        async with runtime.sessionmaker() as session:
            job = await session.get(Job, job_id)
            if job is None:  # the request's commit is not visible: spawned too early
                raise NotFound(f"Job {job_id} not found")
            job.status = "running"
            await session.commit()
            interview = await session.get(Interview, interview_id)
            if interview is None:
                raise NotFound("Interview not found")
            answered = _last_answer(interview)
            following = await ask(runtime, interview, [])

        async with runtime.sessionmaker() as session:

            async def decide(interview: Interview) -> Plan:
                if _last_answer(interview) != answered:
                    raise StateConflict(
                        "Unexpected interview state "
                        f"(message_count={len(interview.conversation_data)})"
                    )
                job = await session.get(Job, job_id)
                assert job is not None
                job.status = "succeeded"
                job.finished_at = datetime.now(UTC)

                def record(i: Interview, appended: list[Message]) -> dict[str, Any]:
                    job.question = appended[0] if appended else None
                    return {}

                if following is None:
                    return Plan(messages=[], status="completed", respond=record)
                return Plan(messages=[following], respond=record)

            await append_messages(
                session=session, runtime=runtime, interview_id=interview_id, decide=decide
            )
    except Exception as exc:
        logger.exception("follow-up job %s failed", job_id)
        async with runtime.sessionmaker() as session:
            job = await session.get(Job, job_id)
            if job is not None:
                job.status = "failed"
                job.error = f"{type(exc).__name__}: {exc}"
                job.finished_at = datetime.now(UTC)
                await session.commit()


async def get_job(*, session: AsyncSession, job_id: uuid.UUID) -> dict[str, Any]:
    """The job as stored."""
    job = await session.get(Job, job_id)
    if job is None:
        raise NotFound("Job not found")
    return JobRead.model_validate(job).model_dump(mode="json")
