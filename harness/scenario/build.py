"""Build the frozen `Scenario` from a document that passed both validation passes.

Only reached when there is no problem, so it can index freely; defaults that
the file may leave out are filled here, in one place.
"""

from __future__ import annotations

from typing import Any

from harness.scenario.model import (
    DEFAULT_ANSWER,
    DEFAULT_COMMIT_DELAY,
    DEFAULT_DEADLINE,
    INVARIANTS,
    Accepted,
    Chaos,
    Expect,
    FinalState,
    InterviewSpec,
    LoadShape,
    Location,
    Scenario,
    Step,
)
from harness.scenario.yaml_marks import Marked


def build(document: Marked, path: str) -> Scenario:
    data = document.data
    interview = data["interview"]
    load = data.get("load", {})
    defaults = data.get("defaults", {})
    final = data.get("final", {})
    invariants = tuple(data.get("invariants", ["all"]))
    if "all" in invariants:
        invariants = INVARIANTS
    steps = tuple(
        _build_step(index, raw, document, path) for index, raw in enumerate(data["steps"])
    )
    return Scenario(
        name=data["name"],
        description=data.get("description", "").strip(),
        path=path,
        location=Location(path, 1, 1),
        interview=InterviewSpec(
            project_title=interview["project_title"],
            project_description=interview["project_description"],
            ai_followups=interview.get("ai_followups", 10),
        ),
        steps=steps,
        load=LoadShape(
            interviews=load.get("interviews", 1),
            concurrency=load.get("concurrency", 4),
            seed=load.get("seed", 0),
            timeout=float(load.get("timeout", 30.0)),
        ),
        invariants=invariants,
        final=FinalState(status=final.get("status"), message_count=final.get("message_count")),
        answer=defaults.get("answer", DEFAULT_ANSWER),
        deadline=float(defaults.get("deadline", DEFAULT_DEADLINE)),
        chaos=_build_chaos(data["chaos"]) if "chaos" in data else None,
    )


def _build_chaos(raw: dict[str, Any]) -> Chaos:
    return Chaos(
        commit_delay=float(raw.get("commit_delay", DEFAULT_COMMIT_DELAY)),
        statement_delay=float(raw.get("statement_delay", 0.0)),
        statements=raw.get("statements"),
        jitter=float(raw.get("jitter", 0.0)),
        seed=raw.get("seed"),
    )


def _build_step(index: int, raw: Any, document: Marked, path: str) -> Step:
    mark = document.at(("steps", index))
    step: dict[str, Any] = {"action": raw} if isinstance(raw, str) else dict(raw)
    action = step["action"]
    count_default = 2 if action in ("burst", "retry") else 1
    deadline = step.get("deadline")
    return Step(
        number=index + 1,
        action=action,
        location=Location(path, mark.line, mark.column),
        expect=_build_expect(step.get("expect", {})),
        mode=step.get("mode", "sync"),
        content=step.get("content"),
        role=step.get("role", "user"),
        count=step.get("count", count_default),
        key=step.get("key"),
        deadline=float(deadline) if deadline is not None else None,
        wait=step.get("wait", True),
        until=step.get("until", "done"),
        method=step.get("method", "POST"),
        path=step.get("path"),
        body=step.get("body"),
        raw=step.get("raw"),
        headers=tuple(sorted((step.get("headers") or {}).items())),
    )


def _build_expect(raw: dict[str, Any]) -> Expect:
    status = raw.get("status", ())
    accepted = raw.get("accepted")
    if isinstance(accepted, int):
        accepted_value: Accepted | None = Accepted(min=accepted, max=accepted)
    elif isinstance(accepted, dict):
        accepted_value = Accepted(min=accepted.get("min", 0), max=accepted.get("max"))
    else:
        accepted_value = None
    return Expect(
        status=(status,) if isinstance(status, int) else tuple(status),
        question_index=raw.get("question_index"),
        kind=raw.get("kind"),
        content=raw.get("content"),
        message_count=raw.get("message_count"),
        interview_status=raw.get("interview_status"),
        detail=raw.get("detail"),
        completed=raw.get("completed"),
        accepted=accepted_value,
        identical=raw.get("identical", True),
    )
