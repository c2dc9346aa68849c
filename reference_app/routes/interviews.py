"""`/interviews`: create, start, answer (sync and async), manual messages, read."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, status

from reference_app.db import SessionDep
from reference_app.json_body import StrictJSONRoute
from reference_app.runtime import Runtime
from reference_app.schemas import (
    InterviewCreate,
    InterviewRead,
    JobAccepted,
    MessageCreate,
    MessageSend,
)
from reference_app.services import interviews as service

router = APIRouter(prefix="/interviews", tags=["interviews"], route_class=StrictJSONRoute)

# Printable ASCII only: it is stored in a text column (no NUL), and servers decode header
# bytes as Latin-1, so a UTF-8 key would be stored as mojibake.
IdempotencyHeader = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=200, pattern=r"^[\x20-\x7e]+$"),
]


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


@router.post("", response_model=InterviewRead, status_code=status.HTTP_201_CREATED)
async def create_interview(*, session: SessionDep, body: InterviewCreate) -> dict[str, Any]:
    """Create an interview in state `created`."""
    return await service.create_interview(session=session, **body.model_dump())


@router.get("/{interview_id}", response_model=InterviewRead)
async def read_interview(*, session: SessionDep, interview_id: uuid.UUID) -> dict[str, Any]:
    """The interview with its whole conversation."""
    return await service.get_interview(session=session, interview_id=interview_id)


@router.post("/{interview_id}/start", response_model=InterviewRead)
async def start_interview(
    *, request: Request, session: SessionDep, interview_id: uuid.UUID
) -> dict[str, Any]:
    """Ask the first question."""
    outcome = await service.start_interview(
        session=session, runtime=_runtime(request), interview_id=interview_id
    )
    return outcome.body


@router.post("/{interview_id}/send-message", response_model=InterviewRead)
async def send_message(
    *,
    request: Request,
    session: SessionDep,
    interview_id: uuid.UUID,
    body: MessageSend,
    idempotency_key: IdempotencyHeader = None,
) -> dict[str, Any]:
    """Answer the pending question; the next one comes back in `question`."""
    outcome = await service.send_message(
        session=session,
        runtime=_runtime(request),
        interview_id=interview_id,
        content=body.content,
        idempotency_key=idempotency_key,
    )
    return outcome.body


@router.post(
    "/{interview_id}/send-message-async",
    response_model=JobAccepted,
    status_code=status.HTTP_202_ACCEPTED,
)
async def send_message_async(
    *,
    request: Request,
    session: SessionDep,
    interview_id: uuid.UUID,
    body: MessageSend,
    idempotency_key: IdempotencyHeader = None,
) -> dict[str, Any]:
    """Answer the pending question; a background job asks the next one."""
    outcome = await service.send_message_async(
        session=session,
        runtime=_runtime(request),
        interview_id=interview_id,
        content=body.content,
        idempotency_key=idempotency_key,
    )
    return outcome.body


@router.post(
    "/{interview_id}/messages", response_model=InterviewRead, status_code=status.HTTP_201_CREATED
)
async def add_message(
    *,
    request: Request,
    session: SessionDep,
    interview_id: uuid.UUID,
    body: MessageCreate,
    idempotency_key: IdempotencyHeader = None,
) -> dict[str, Any]:
    """Append a manual message."""
    outcome = await service.add_manual_message(
        session=session,
        runtime=_runtime(request),
        interview_id=interview_id,
        role=body.role,
        content=body.content,
        idempotency_key=idempotency_key,
    )
    return outcome.body
