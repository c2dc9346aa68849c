"""What every invariant looks at (`Evidence`) and what it reports (`InvariantFailure`).

Each invariant is a function `(Evidence) -> list[InvariantFailure]`. It runs
its own SQL through a separate connection (never the app), so a failure can
show the invariant's name, the SQL and the first rows that broke it. The
helpers here are the ones several invariant families share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from harness.check.storage import Storage, ids_param
from harness.run.result import RunResult

MAX_ROWS = 5


@dataclass(frozen=True)
class InvariantFailure:
    """One violation, in plain language, with the evidence."""

    invariant: str
    interview: int
    interview_id: str | None
    expected: str
    found: str
    operation: str | None = None
    sql: str = ""
    rows: tuple[dict[str, Any], ...] = ()

    def describe(self) -> str:
        """Several lines: what broke, where, the SQL and the offending rows."""
        lines = [f"[{self.invariant}] interview {self.interview} ({self.interview_id})"]
        if self.operation:
            lines.append(f"  operation: {self.operation}")
        label = "found:   " if self.invariant == "responses_as_expected" else "stored:  "
        lines += [f"  expected: {self.expected}", f"  {label} {self.found}"]
        if self.sql:
            lines.append("  SQL: " + " ".join(self.sql.split()))
        for row in self.rows[:MAX_ROWS]:
            lines.append(f"  row: {row}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Evidence:
    """What every invariant may look at: the run and the database."""

    run: RunResult
    storage: Storage

    def numbers(self) -> dict[str, int]:
        """Interview id -> copy number."""
        return {r.id: r.number for r in self.run.interviews if r.id is not None}

    def ids(self) -> list[str]:
        return ids_param([r.id for r in self.run.interviews])


Invariant = Callable[[Evidence], list[InvariantFailure]]


def per_interview(
    ev: Evidence,
    name: str,
    text: str,
    rows: list[dict[str, Any]],
    explain: Callable[[dict[str, Any]], tuple[str, str]],
) -> list[InvariantFailure]:
    """One failure per interview, citing its first offending rows."""
    numbers = ev.numbers()
    by_id: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_id.setdefault(row["interview_id"], []).append(row)
    failures = []
    for interview_id, bad in by_id.items():
        expected, found = explain(bad[0])
        failures.append(
            InvariantFailure(
                name,
                numbers.get(interview_id, 0),
                interview_id,
                expected,
                found,
                sql=text,
                rows=tuple(bad[:MAX_ROWS]),
            )
        )
    return failures


def clip(text: Any) -> str:
    """A stored value short enough for a one-line message."""
    value = "" if text is None else str(text)
    return value if len(value) <= 60 else value[:57] + "..."
