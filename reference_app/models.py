"""ORM models, with the constraints the harness's invariants rely on."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of the reference app."""


class Interview(Base):
    """One interview; its whole conversation lives in a JSONB list."""

    __tablename__ = "interviews"
    __table_args__ = (
        CheckConstraint("status IN ('created', 'in_progress', 'completed')", name="status_known"),
        CheckConstraint("ai_followups >= 0", name="ai_followups_non_negative"),
        CheckConstraint("jsonb_typeof(conversation_data) = 'array'", name="conversation_is_list"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    project_title: Mapped[str] = mapped_column(String(200))
    project_description: Mapped[str] = mapped_column(Text)
    ai_followups: Mapped[int] = mapped_column(default=10)
    status: Mapped[str] = mapped_column(String(20), default="created")
    # Plain JSONB, deliberately not MutableList: every in-place change must be
    # followed by flag_modified, which the one append function does.
    conversation_data: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<Interview {self.id} status={self.status} messages={len(self.conversation_data)}>"


class Job(Base):
    """A background follow-up job spawned by `send-message-async`."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'running', 'succeeded', 'failed')", name="job_status_known"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    interview_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    error: Mapped[str | None] = mapped_column(Text, default=None)
    question: Mapped[dict[str, Any] | None] = mapped_column(JSONB, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    def __repr__(self) -> str:
        return f"<Job {self.id} status={self.status}>"


class IdempotencyRecord(Base):
    """The first response to a request carrying an `Idempotency-Key`, replayed on retries."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("interview_id", "key", name="one_response_per_key"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    interview_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    response: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
