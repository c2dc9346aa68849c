"""The scenario model: frozen values the loader produces and the runner consumes.

Nothing here parses or runs anything; `harness.scenario.loader` turns YAML
into these, `harness.run.runner` replays them. Keeping the model inert means a
`Scenario` can be shown, compared and pickled (pytest-xdist) freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Every step action, in the order the README documents them.
ACTIONS: tuple[str, ...] = (
    "start",
    "answer",
    "answer_all",
    "message",
    "read",
    "burst",
    "retry",
    "request",
    "wait_followup",
)

#: Every invariant a scenario may ask for; `harness.check` implements them.
INVARIANTS: tuple[str, ...] = (
    "acknowledged_stored_once",
    "info_at_most_once",
    "roles_alternate",
    "question_order",
    "count_matches",
    "followups_on_time",
    "final_state",
)

#: Seconds a COMMIT waits in the proxy when a `chaos:` block does not say.
DEFAULT_COMMIT_DELAY = 0.5
DEFAULT_ANSWER = "Answer {{ attempt }} to {{ question.kind }} question {{ question.index }}"
DEFAULT_DEADLINE = 10.0


@dataclass(frozen=True)
class Location:
    """Where something sits in a scenario file (1-based, like editors show it)."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Accepted:
    """How many requests of a burst may succeed (2xx)."""

    min: int = 1
    max: int | None = None


@dataclass(frozen=True)
class Expect:
    """What a step's response(s) must look like; None means "not checked"."""

    status: tuple[int, ...] = ()
    question_index: int | None = None
    kind: str | None = None
    content: str | None = None
    message_count: int | None = None
    interview_status: str | None = None
    detail: str | None = None
    completed: bool | None = None
    accepted: Accepted | None = None
    identical: bool = True


@dataclass(frozen=True)
class Step:
    """One line of the interview's script."""

    number: int
    action: str
    location: Location
    expect: Expect = Expect()
    mode: str = "sync"
    content: str | None = None
    role: str = "user"
    count: int = 1
    key: str | None = None
    deadline: float | None = None
    wait: bool = True
    #: `wait_followup`: "done" (every pending job finished) or "started" (each left `pending`)
    until: str = "done"
    method: str = "POST"
    path: str | None = None
    body: Any = field(default=None, compare=False)
    raw: str | None = None
    headers: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """`step 3 (answer, async)` — how reports name the step."""
        sends = ("answer", "answer_all", "burst", "retry")
        extra = f", {self.mode}" if self.action in sends else ""
        return f"step {self.number} ({self.action}{extra})"


@dataclass(frozen=True)
class InterviewSpec:
    """The interview every copy creates."""

    project_title: str
    project_description: str
    ai_followups: int = 10


@dataclass(frozen=True)
class LoadShape:
    """How hard to push: copies side by side, requests in flight, the seed, a request timeout."""

    interviews: int = 1
    concurrency: int = 4
    seed: int = 0
    timeout: float = 30.0


@dataclass(frozen=True)
class Chaos:
    """Race amplification: how long the proxy between app and PostgreSQL holds statements.

    `seed` None means the scenario's `load.seed` (so `--seed` moves both).
    """

    commit_delay: float = DEFAULT_COMMIT_DELAY
    statement_delay: float = 0.0
    statements: str | None = None
    jitter: float = 0.0
    seed: int | None = None


@dataclass(frozen=True)
class FinalState:
    """What storage must hold at the end for each interview (None: not checked)."""

    status: str | None = None
    message_count: int | None = None


@dataclass(frozen=True)
class Scenario:
    """A validated scenario file."""

    name: str
    path: str
    location: Location
    interview: InterviewSpec
    steps: tuple[Step, ...]
    description: str = ""
    load: LoadShape = LoadShape()
    invariants: tuple[str, ...] = INVARIANTS
    final: FinalState = FinalState()
    answer: str = DEFAULT_ANSWER
    deadline: float = DEFAULT_DEADLINE
    chaos: Chaos | None = None

    @property
    def stem(self) -> str:
        """The file name without `.yaml`: the scenario's id in reports and test ids."""
        return Path(self.path).stem

    def with_seed(self, seed: int | None) -> Scenario:
        """The same scenario under another scheduler seed (`--seed` overrides the file)."""
        if seed is None:
            return self
        from dataclasses import replace

        return replace(self, load=replace(self.load, seed=seed))
