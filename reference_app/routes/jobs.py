"""`/jobs`: status of background follow-up jobs."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter

from reference_app.db import SessionDep
from reference_app.schemas import JobRead
from reference_app.services.jobs import get_job

router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.get("/{job_id}", response_model=JobRead)
async def read_job(*, session: SessionDep, job_id: uuid.UUID) -> dict[str, Any]:
    """The job's status and, once done, the question it asked."""
    return await get_job(session=session, job_id=job_id)
