"""Pydantic request and response models of the API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from reference_app.text import StorableText


class InterviewCreate(BaseModel):
    """Body of `POST /interviews`."""

    model_config = ConfigDict(extra="forbid")

    project_title: StorableText = Field(min_length=1, max_length=200)
    project_description: StorableText = Field(min_length=1, max_length=5000)
    ai_followups: int = Field(default=10, ge=0, le=50)


class MessageSend(BaseModel):
    """Body of the send endpoints: the user's answer."""

    model_config = ConfigDict(extra="forbid")

    content: StorableText = Field(min_length=1, max_length=10_000)


class MessageCreate(BaseModel):
    """Body of `POST /interviews/{id}/messages`: a manual message."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["assistant", "user"]
    content: StorableText = Field(min_length=1, max_length=10_000)


class MessageRead(BaseModel):
    """One stored message."""

    seq: int
    role: Literal["assistant", "user"]
    kind: Literal["fixed", "ai", "manual"]
    question_index: int | None
    content: str
    created_at: str


class InterviewRead(BaseModel):
    """An interview with its whole conversation; `question` is what the call just asked."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    project_title: str
    project_description: str
    ai_followups: int
    status: Literal["created", "in_progress", "completed"]
    message_count: int
    conversation_data: list[MessageRead]
    question: MessageRead | None = None


class JobAccepted(BaseModel):
    """Answer of `send-message-async`."""

    job_id: uuid.UUID
    status: str


class JobRead(BaseModel):
    """A background follow-up job."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    interview_id: uuid.UUID
    status: Literal["pending", "running", "succeeded", "failed"]
    error: str | None
    question: MessageRead | None
    created_at: datetime
    finished_at: datetime | None


def interview_body(interview: Any, question: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON body of an interview response (also what idempotent retries replay)."""
    data = list(interview.conversation_data)
    return InterviewRead(
        id=interview.id,
        project_title=interview.project_title,
        project_description=interview.project_description,
        ai_followups=interview.ai_followups,
        status=interview.status,
        message_count=len(data),
        conversation_data=[MessageRead.model_validate(m) for m in data],
        question=MessageRead.model_validate(question) if question else None,
    ).model_dump(mode="json")
