"""Settings of the reference app, from arguments or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


def async_url(url: str) -> str:
    """SQLAlchemy URL for psycopg 3 from a libpq `postgresql://` URL (or one already async)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f"not a database URL: {url!r}")
    if scheme in ("postgresql", "postgres", "postgresql+psycopg2"):
        return "postgresql+psycopg://" + rest
    return url


@dataclass(frozen=True)
class Settings:
    """What the app needs: where the database is and how slow the AI pretends to be."""

    database_url: str
    ai_latency: float = 0.0
    pool_size: int = 10
    max_overflow: int = 40

    @classmethod
    def from_env(cls) -> Settings:
        """Read `DATABASE_URL` and `PERSISTGUARD_AI_LATENCY` (seconds)."""
        url = os.environ.get("DATABASE_URL")
        if not url:
            raise RuntimeError("DATABASE_URL is not set")
        return cls(
            database_url=url, ai_latency=float(os.environ.get("PERSISTGUARD_AI_LATENCY", "0"))
        )
