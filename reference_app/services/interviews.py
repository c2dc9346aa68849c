"""Interview use cases: create, start, answer (sync and async), manual messages, read."""

from __future__ import annotations

import uuid
from collections.abc import Coroutine
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from reference_app.errors import NotFound, StateConflict
from reference_app.models import Interview, Job
from reference_app.questions import fixed_question, next_question
from reference_app.runtime import Runtime
from reference_app.schemas import interview_body
from reference_app.services.conversation import (
    IdempotencyKey,
    Message,
    NewMessage,
    Outcome,
    Plan,
    append_messages,
)
from reference_app.services.jobs import run_followup_job


def _qa(interview: Interview) -> list[Message]:
    """The question/answer messages, without manual ones."""
    return [m for m in interview.conversation_data if m["kind"] != "manual"]


def _state(interview: Interview) -> str:
    return f"status={interview.status}, message_count={len(interview.conversation_data)}"


def _pending_question(interview: Interview) -> Message:
    """The question the next answer answers; 409 naming the state when there is none."""
    if interview.status == "created":
        raise StateConflict(f"Interview not started ({_state(interview)})")
    if interview.status == "completed":
        raise StateConflict(f"Interview already completed ({_state(interview)})")
    qa = _qa(interview)
    if not qa or qa[-1]["role"] != "assistant":
        raise StateConflict(
            f"Unexpected interview state (message_count={len(interview.conversation_data)})"
        )
    return qa[-1]


async def ask_next(
    runtime: Runtime, interview: Interview, extra: list[Message]
) -> NewMessage | None:
    """The question that follows the conversation (plus `extra`), or None when complete."""
    conversation = [*interview.conversation_data, *extra]
    answered = sum(1 for m in conversation if m["kind"] != "manual" and m["role"] == "user")
    upcoming = next_question(answered, interview.ai_followups)
    if upcoming is None:
        return None
    if upcoming.kind == "fixed":
        text = fixed_question(
            upcoming.index, title=interview.project_title, description=interview.project_description
        )
    else:
        text = await runtime.followups.generate(
            conversation=conversation, index=upcoming.index, total=interview.ai_followups
        )
    return NewMessage("assistant", upcoming.kind, text, upcoming.index)


def _answer_to(question: Message, content: str) -> NewMessage:
    return NewMessage("user", question["kind"], content, question["question_index"])


def _with_question(interview: Interview, appended: list[Message]) -> dict[str, Any]:
    asked = [m for m in appended if m["role"] == "assistant" and m["kind"] != "manual"]
    return interview_body(interview, asked[-1] if asked else None)


async def create_interview(
    *, session: AsyncSession, project_title: str, project_description: str, ai_followups: int
) -> dict[str, Any]:
    """Store a new interview in state `created`."""
    interview = Interview(
        project_title=project_title,
        project_description=project_description,
        ai_followups=ai_followups,
        status="created",
        conversation_data=[],
    )
    session.add(interview)
    await session.commit()
    return interview_body(interview)


async def get_interview(*, session: AsyncSession, interview_id: uuid.UUID) -> dict[str, Any]:
    """The interview as stored."""
    interview = await session.get(Interview, interview_id)
    if interview is None:
        raise NotFound("Interview not found")
    return interview_body(interview)


async def start_interview(
    *, session: AsyncSession, runtime: Runtime, interview_id: uuid.UUID
) -> Outcome:
    """Ask Q1 (prefilled with the project title)."""

    async def decide(interview: Interview) -> Plan:
        if interview.status != "created":
            raise StateConflict(f"Interview already started ({_state(interview)})")
        first = await ask_next(runtime, interview, [])
        assert first is not None
        return Plan(messages=[first], status="in_progress", respond=_with_question)

    return await append_messages(
        session=session, runtime=runtime, interview_id=interview_id, decide=decide
    )


async def send_message(
    *,
    session: AsyncSession,
    runtime: Runtime,
    interview_id: uuid.UUID,
    content: str,
    idempotency_key: str | None = None,
) -> Outcome:
    """Store the answer and the next question in one transaction."""

    async def decide(interview: Interview) -> Plan:
        answer = _answer_to(_pending_question(interview), content)
        answer_msg = {"role": answer.role, "kind": answer.kind, "content": answer.content}
        following = await ask_next(runtime, interview, [answer_msg])
        messages = [answer] if following is None else [answer, following]
        status = "completed" if following is None else None
        return Plan(messages=messages, status=status, respond=_with_question)

    return await append_messages(
        session=session,
        runtime=runtime,
        interview_id=interview_id,
        decide=decide,
        idempotency=IdempotencyKey.of(idempotency_key, "send-message", {"content": content}),
    )


async def send_message_async(
    *,
    session: AsyncSession,
    runtime: Runtime,
    interview_id: uuid.UUID,
    content: str,
    idempotency_key: str | None = None,
) -> Outcome:
    """Store the answer and a pending job; the job (spawned after the commit) asks next."""

    async def decide(interview: Interview) -> Plan:
        answer = _answer_to(_pending_question(interview), content)
        job = Job(id=uuid.uuid4(), interview_id=interview.id, status="pending")

        def work() -> Coroutine[Any, Any, None]:
            return run_followup_job(runtime, job_id=job.id, interview_id=interview_id, ask=ask_next)

        return Plan(
            messages=[answer],
            rows=[job],
            respond=lambda _i, _m: {"job_id": str(job.id), "status": "pending"},
            after_commit=[work],
        )

    return await append_messages(
        session=session,
        runtime=runtime,
        interview_id=interview_id,
        decide=decide,
        idempotency=IdempotencyKey.of(idempotency_key, "send-message-async", {"content": content}),
    )


async def add_manual_message(
    *,
    session: AsyncSession,
    runtime: Runtime,
    interview_id: uuid.UUID,
    role: str,
    content: str,
    idempotency_key: str | None = None,
) -> Outcome:
    """Append a manual message; it takes no part in the question/answer alternation."""

    async def decide(interview: Interview) -> Plan:
        return Plan(
            messages=[NewMessage(role, "manual", content)], respond=lambda i, _m: interview_body(i)
        )

    return await append_messages(
        session=session,
        runtime=runtime,
        interview_id=interview_id,
        decide=decide,
        idempotency=IdempotencyKey.of(
            idempotency_key, "messages", {"role": role, "content": content}
        ),
    )
