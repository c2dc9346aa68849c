"""The reference interview backend: `create_app()` wires settings, database and routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from reference_app.body_limit import BodyLimit
from reference_app.db import make_engine, make_sessionmaker
from reference_app.errors import DomainError
from reference_app.followups import DeterministicFollowUps, FollowUpGenerator
from reference_app.routes import interviews, jobs
from reference_app.runtime import Runtime
from reference_app.settings import Settings
from reference_app.validation_errors import validation_error_handler


def create_app(
    settings: Settings | None = None, *, followups: FollowUpGenerator | None = None
) -> FastAPI:
    """A ready app. The engine is built here, not in lifespan, so ASGI transports without
    lifespan support (httpx's) work too; call `shutdown(app)` when done."""
    settings = settings or Settings.from_env()
    engine = make_engine(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await shutdown(app)

    app = FastAPI(title="persistguard reference interview backend", version="1", lifespan=lifespan)
    app.state.runtime = Runtime(
        engine=engine,
        sessionmaker=make_sessionmaker(engine),
        followups=followups or DeterministicFollowUps(settings.ai_latency),
    )
    app.include_router(interviews.router)
    app.include_router(jobs.router)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_exception_handler(RequestValidationError, validation_error_handler)

    @app.exception_handler(DomainError)
    async def domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content={"detail": str(exc)})

    return app


async def shutdown(app: FastAPI) -> None:
    """Wait for background jobs, then close the connection pool."""
    runtime: Runtime = app.state.runtime
    await runtime.close()
