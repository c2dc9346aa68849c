"""The history of a run, in the style of Jepsen's list-append workload.

Every operation is first *invoked*, then completes as exactly one of:

* `ok`   — the backend acknowledged it (2xx);
* `fail` — the backend definitely refused it (4xx): it must have left no trace;
* `info` — the outcome is unknown (timeout, dropped connection, 5xx): it may
  have happened, but never twice.

The invariant checker compares this history with what PostgreSQL stored, so
an `Append` records exactly what each operation asked to add.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Outcome = Literal["ok", "fail", "info"]
#: Operations that poll a follow-up job rather than send one of the script's requests.
WAITS = frozenset({"wait", "wait_started"})


@dataclass(frozen=True)
class Append:
    """A message an operation asked the backend to add to an interview's conversation.

    `key` groups attempts that are one logical append (an Idempotency-Key retry);
    None means the operation stands alone.
    """

    role: str
    kind: str
    content: str
    key: str | None = None


@dataclass(frozen=True)
class Operation:
    """One request (or one wait) and how it ended; `outcome` is None while in flight.

    `ref` links a `wait` (or `wait_started`) to the async send it waits for.
    """

    index: int
    interview: int
    interview_id: str | None
    step: int
    action: str
    f: str
    request: str
    invoked_at: float
    turn: int = -1
    append: Append | None = None
    deadline: float | None = None
    ref: int | None = None
    outcome: Outcome | None = None
    completed_at: float | None = None
    status: int | None = None
    body: Any = field(default=None, compare=False)
    error: str | None = None

    @property
    def is_wait(self) -> bool:
        """A poll of a follow-up job (`wait`, `wait_started`), not a request of the script."""
        return self.f in WAITS

    @property
    def latency(self) -> float | None:
        """Seconds between invoke and completion."""
        if self.completed_at is None:
            return None
        return self.completed_at - self.invoked_at

    def describe(self) -> str:
        """`op 17 (interview 3, step 4, send: POST /interviews/…/send-message)`."""
        return (
            f"op {self.index} (interview {self.interview}, step {self.step}, "
            f"{self.f}: {self.request})"
        )

    def line(self) -> str:
        """One transcript line: timing, request, outcome, status and a short body."""
        took = f"{self.latency * 1000:7.1f}ms" if self.latency is not None else "    ...  "
        end = self.outcome or "pending"
        what = f"{self.status}" if self.status is not None else (self.error or "")
        summary = body_summary(self.body)
        return (
            f"#{self.index:<4} i{self.interview:<3} s{self.step:<3} {self.f:<10} "
            f"{self.request:<60} {end:<4} {what} {took} {summary}"
        ).rstrip()


def body_summary(body: Any) -> str:
    """The fields of a response body a transcript line shows (status, count, question...)."""
    if isinstance(body, dict):
        keep = {k: body[k] for k in ("status", "message_count", "detail", "job_id") if k in body}
        question = body.get("question")
        if isinstance(question, dict):
            keep["question"] = f"{question.get('kind')} {question.get('question_index')}"
        return str(keep)
    return "" if body is None else str(body)[:80]


class History:
    """An append-only, thread-safe list of operations with a shared monotonic clock."""

    def __init__(self) -> None:
        self._ops: list[Operation] = []
        self._counter = itertools.count()
        self._lock = threading.Lock()
        self._origin = time.perf_counter()

    def now(self) -> float:
        """Seconds since the history began."""
        return time.perf_counter() - self._origin

    def invoke(self, **fields: Any) -> Operation:
        """Record the start of an operation and return it (its `index` is its id)."""
        with self._lock:
            op = Operation(index=next(self._counter), invoked_at=self.now(), **fields)
            self._ops.append(op)
        return op

    def complete(self, op: Operation, outcome: Outcome, **fields: Any) -> Operation:
        """Record how `op` ended."""
        done = replace(op, outcome=outcome, completed_at=self.now(), **fields)
        with self._lock:
            self._ops[op.index] = done
        return done

    def operations(self) -> tuple[Operation, ...]:
        """Every operation in invocation order."""
        with self._lock:
            return tuple(self._ops)

    def for_interview(self, number: int) -> tuple[Operation, ...]:
        """The operations of interview copy `number`."""
        return tuple(op for op in self.operations() if op.interview == number)
