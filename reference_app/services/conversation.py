"""The one place where messages are appended to an interview.

The original bug lived in six copies of this code: an in-place `append` with no
`flag_modified` (the commit writes nothing), and background work spawned
before the commit it needed (the job read the old row). Here there is one copy,
and every caller goes through it:

1. lock the row (`SELECT ... FOR UPDATE`), so concurrent appends serialize
   instead of overwriting each other's list;
2. let the caller decide what to append, from the locked state;
3. append, tell the unit of work (`flag_modified`), commit;
4. only then spawn the work that must see the new state.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from reference_app.errors import IdempotencyMismatch, NotFound
from reference_app.models import IdempotencyRecord, Interview
from reference_app.runtime import Runtime

Message = dict[str, Any]


@dataclass(frozen=True)
class NewMessage:
    """A message to append; `seq` and `created_at` are assigned under the lock."""

    role: str
    kind: str
    content: str
    question_index: int | None = None


@dataclass
class Plan:
    """What a caller wants appended, and what else goes into the same transaction."""

    messages: Sequence[NewMessage]
    respond: Callable[[Interview, list[Message]], dict[str, Any]]
    status: str | None = None
    rows: Sequence[object] = ()
    after_commit: Sequence[Callable[[], Coroutine[Any, Any, None]]] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """The committed result: the response body, and whether it was a replay."""

    body: dict[str, Any]
    replayed: bool = False


@dataclass(frozen=True)
class IdempotencyKey:
    """A client's Idempotency-Key with a fingerprint of the request it came with."""

    key: str
    request_hash: str

    @classmethod
    def of(cls, key: str | None, endpoint: str, payload: dict[str, Any]) -> IdempotencyKey | None:
        """Fingerprint the endpoint and body, so reusing the key for another request is caught;
        None when the client sent no key."""
        if key is None:
            return None
        blob = json.dumps([endpoint, payload], sort_keys=True).encode()
        return cls(key=key, request_hash=hashlib.sha256(blob).hexdigest())


async def lock_interview(session: AsyncSession, interview_id: uuid.UUID) -> Interview:
    """Load the interview and hold its row lock until the transaction ends."""
    result = await session.execute(
        select(Interview)
        .where(Interview.id == interview_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    interview = result.scalar_one_or_none()
    if interview is None:
        raise NotFound("Interview not found")
    return interview


async def append_messages(
    *,
    session: AsyncSession,
    runtime: Runtime,
    interview_id: uuid.UUID,
    decide: Callable[[Interview], Awaitable[Plan]],
    idempotency: IdempotencyKey | None = None,
) -> Outcome:
    """Lock, decide, append, flag, commit, then spawn: the only way messages are stored."""
    interview = await lock_interview(session, interview_id)
    if idempotency is not None:
        prior = await session.scalar(
            select(IdempotencyRecord).where(
                IdempotencyRecord.interview_id == interview_id,
                IdempotencyRecord.key == idempotency.key,
            )
        )
        if prior is not None:
            same_request, body = prior.request_hash == idempotency.request_hash, prior.response
            await session.rollback()  # release the row lock; nothing was written
            if not same_request:
                raise IdempotencyMismatch("Idempotency-Key reused with a different request")
            return Outcome(body=body, replayed=True)

    plan = await decide(interview)
    appended: list[Message] = []
    now = datetime.now(UTC).isoformat()
    for new in plan.messages:
        message = {
            "seq": len(interview.conversation_data) + 1,
            "role": new.role,
            "kind": new.kind,
            "question_index": new.question_index,
            "content": new.content,
            "created_at": now,
        }
        interview.conversation_data.append(message)
        appended.append(message)
    flag_modified(interview, "conversation_data")
    if plan.status is not None:
        interview.status = plan.status
    session.add_all(plan.rows)
    body = plan.respond(interview, appended)
    if idempotency is not None:
        session.add(
            IdempotencyRecord(
                interview_id=interview_id,
                key=idempotency.key,
                request_hash=idempotency.request_hash,
                response=body,
            )
        )
    await session.commit()
    for work in plan.after_commit:
        runtime.track(asyncio.create_task(work()))
    return Outcome(body=body)
