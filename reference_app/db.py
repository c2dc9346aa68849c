"""Engine, sessions and schema creation.

One session per request or task, never shared across concurrent work;
`expire_on_commit=False` so responses can be built after the commit without
another round trip.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from reference_app.models import Base
from reference_app.settings import Settings, async_url


def make_engine(settings: Settings) -> AsyncEngine:
    """The app's async engine (psycopg 3)."""
    return create_async_engine(
        async_url(settings.database_url),
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        pool_pre_ping=False,
    )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def create_schema(url: str) -> None:
    """Create the tables in the database at `url` (libpq or SQLAlchemy URL); idempotent."""
    engine = create_engine(async_url(url))
    try:
        Base.metadata.create_all(engine)
    finally:
        engine.dispose()


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request."""
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.runtime.sessionmaker
    async with sessionmaker() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]
