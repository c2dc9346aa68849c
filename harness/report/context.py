"""What a report says about the run as a whole: the tool's version, when, and which PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from harness.postgres.info import PostgresInfo
from lint_rules.version import package_version


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class ReportContext:
    """Shared by every report file of one run."""

    postgres: PostgresInfo | None = None
    tool_version: str = field(default_factory=package_version)
    generated_at: str = field(default_factory=_now)
