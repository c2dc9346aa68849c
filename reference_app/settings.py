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


# Well above the largest valid body (a 10,000-character answer of emoji, each escaped as
# a `\uXXXX\uXXXX` pair, is 120 KB), far below what hurts a server.
DEFAULT_MAX_BODY_BYTES = 1024 * 1024


def _max_body_bytes(raw: str) -> int:
    """`PERSISTGUARD_MAX_BODY_BYTES` as a positive int, or a one-line error naming it."""
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(
            f"`PERSISTGUARD_MAX_BODY_BYTES` must be a positive number of bytes, got {raw!r}"
        )
    return value


@dataclass(frozen=True)
class Settings:
    """What the app needs: where the database is, how slow the AI pretends to be, and how
    large a request body it reads before answering 413."""

    database_url: str
    ai_latency: float = 0.0
    pool_size: int = 10
    max_overflow: int = 40
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    def __post_init__(self) -> None:
        if self.max_body_bytes <= 0:  # 0 would refuse every body, silently
            raise ValueError(
                f"`max_body_bytes` must be a positive number of bytes, got {self.max_body_bytes}"
            )

    @classmethod
    def from_env(cls) -> Settings:
        """Read `DATABASE_URL`, `PERSISTGUARD_AI_LATENCY` (seconds) and
        `PERSISTGUARD_MAX_BODY_BYTES`."""
        url = os.environ.get("DATABASE_URL")
        if not url:
            raise RuntimeError("DATABASE_URL is not set")
        return cls(
            database_url=url,
            ai_latency=float(os.environ.get("PERSISTGUARD_AI_LATENCY", "0")),
            max_body_bytes=_max_body_bytes(
                os.environ.get("PERSISTGUARD_MAX_BODY_BYTES", str(DEFAULT_MAX_BODY_BYTES))
            ),
        )
