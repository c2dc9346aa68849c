"""Which statements the proxy holds back, and for how long: the one place timing is decided.

A COMMIT held before it reaches PostgreSQL keeps the transaction's writes
invisible for that long, so work spawned before the commit reads the old row
every time instead of once in thirty. Jitter is drawn from a generator seeded
per connection, so the n-th delayed statement of the n-th connection waits
the same time on every run with the same seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cached_property

# COMMIT, COMMIT AND CHAIN, COMMIT PREPARED 'x' and END [WORK|TRANSACTION] all make
# a transaction's writes visible to others, so all of them are "the commit".
_COMMIT = re.compile(r"(?:COMMIT|END)\b", re.IGNORECASE)
# Leading whitespace and SQL comments before a statement's first keyword.
_LEAD = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.DOTALL)


def is_commit(sql: str) -> bool:
    """True when any statement of `sql` (split naively on `;`) is a commit.

    A `;` inside a string literal can only add a false match, which costs a
    delay, never a missed commit.
    """
    for statement in sql.split(";"):
        start = _LEAD.match(statement)
        if _COMMIT.match(statement, start.end() if start else 0):
            return True
    return False


@dataclass(frozen=True)
class DelayPolicy:
    """How long statements wait in the proxy before they are passed on.

    `commit_delay` applies to commits; `statement_delay` to every statement, or
    only to those matching the regular expression `statements`. A statement
    that is both gets both. Each delayed statement also waits a uniform draw
    from `[0, jitter)` seconds.
    """

    commit_delay: float = 0.0
    statement_delay: float = 0.0
    statements: str | None = None
    jitter: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("commit_delay", "statement_delay", "jitter"):
            value = getattr(self, name)
            if not value >= 0:  # also refuses NaN
                raise ValueError(f"`{name}` must be a number of seconds >= 0, got {value!r}")
        if self.statements is not None:
            try:
                re.compile(self.statements)
            except re.error as exc:
                raise ValueError(
                    f"`statements` is not a valid regular expression {self.statements!r}: {exc}"
                ) from None

    @property
    def active(self) -> bool:
        """False when nothing would ever wait: the proxy then only passes bytes."""
        return bool(self.commit_delay or self.statement_delay or self.jitter)

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        return re.compile(self.statements) if self.statements is not None else None

    def base_delay(self, sql: str) -> float | None:
        """Seconds before jitter, or None when `sql` is not held back at all."""
        held = False
        delay = 0.0
        if (self.commit_delay or self.jitter) and is_commit(sql):
            held = True
            delay += self.commit_delay
        if self.statement_delay and (self._pattern is None or self._pattern.search(sql)):
            held = True
            delay += self.statement_delay
        return delay if held else None

    def delayer(self, connection: int) -> Delayer:
        """The seeded decision maker of the `connection`-th connection (1-based)."""
        return Delayer(self, random.Random(f"{self.seed}:{connection}"))

    def describe(self) -> str:
        """`COMMIT +0.5 s, jitter 0.1 s` — how the CLI and reports show the policy."""
        parts = []
        if self.commit_delay:
            parts.append(f"COMMIT +{self.commit_delay:g} s")
        if self.statement_delay:
            which = f"statements matching /{self.statements}/" if self.statements else "statements"
            parts.append(f"{which} +{self.statement_delay:g} s")
        if self.jitter:
            parts.append(f"jitter {self.jitter:g} s (seed {self.seed})")
        return ", ".join(parts) or "no delay"


class Delayer:
    """One connection's view of the policy, with its own seeded jitter."""

    def __init__(self, policy: DelayPolicy, rng: random.Random) -> None:
        self.policy = policy
        self._rng = rng

    def __call__(self, sql: str) -> float:
        """Seconds to hold `sql` back (0.0: pass it on at once)."""
        base = self.policy.base_delay(sql)
        if base is None:
            return 0.0
        if self.policy.jitter:
            base += self._rng.uniform(0.0, self.policy.jitter)
        return base
