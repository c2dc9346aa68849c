"""Compare one response with a step's `expect:` block; each mismatch is a `Check`.

Expectations are about what the API *said*; invariants (`harness.check`)
are about what PostgreSQL *stored*. Both end up in the report, but only the
latter read the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.run.history import Operation
from harness.scenario import templating
from harness.scenario.model import Expect, Location, Step

OK_2XX: tuple[int, ...] = tuple(range(200, 300))


@dataclass(frozen=True)
class Check:
    """A response that did not match its step's expectation."""

    interview: int
    step: int
    location: Location
    op: int | None
    expected: str
    found: str

    def describe(self) -> str:
        """Plain language: where, which operation, expected vs found."""
        op = f", op {self.op}" if self.op is not None else ""
        return (
            f"{self.location}: interview {self.interview}, step {self.step}{op}: "
            f"expected {self.expected}, found {self.found}"
        )


def default_status(step: Step, *, mode: str | None = None) -> tuple[int, ...]:
    """The statuses a step accepts when its file does not say."""
    mode = mode or step.mode
    if step.action == "message":
        return (201,)
    if step.action == "burst":
        return (202, 409) if mode == "async" else (200, 409)
    if step.action in ("answer", "answer_all", "retry"):
        return (202,) if mode == "async" else (200,)
    if step.action == "request":
        return OK_2XX
    return (200,)


def detail_of(body: Any) -> str:
    """The error text of a response body (`detail` string, or 422's list, flattened)."""
    if isinstance(body, dict) and "detail" in body:
        detail = body["detail"]
        return detail if isinstance(detail, str) else str(detail)
    return "" if body is None else str(body)


def check_status(step: Step, op: Operation, statuses: tuple[int, ...], who: int) -> list[Check]:
    """Whether `op` ended with one of `statuses`."""
    if op.status in statuses:
        return []
    found = f"status {op.status}" if op.status is not None else f"no response ({op.error})"
    if op.status is not None and op.status >= 400:
        found += f" {detail_of(op.body)!r}"
    return [
        Check(who, step.number, step.location, op.index, f"status {_statuses(statuses)}", found)
    ]


def check_body(
    step: Step,
    expect: Expect,
    op: Operation,
    body: Any,
    context: Mapping[str, Any],
    who: int,
    *,
    question: Any = ...,
) -> list[Check]:
    """Field expectations on a successful or error body; `question` overrides body.question."""
    found: list[Check] = []

    def fail(expected: str, got: str) -> None:
        found.append(Check(who, step.number, step.location, op.index, expected, got))

    if not isinstance(body, dict):
        body = {}
    if expect.detail is not None:
        pattern = templating.render(expect.detail, context, escape=re.escape)
        detail = detail_of(body)
        if not re.search(pattern, detail):
            fail(f"detail matching `{pattern}`", repr(detail))
    q = body.get("question") if question is ... else question
    if expect.completed is not None and (q is None) != expect.completed:
        fail("no question (completed)" if expect.completed else "a question", _q(q))
    if isinstance(q, dict):
        if expect.question_index is not None and q.get("question_index") != expect.question_index:
            fail(f"question_index {expect.question_index}", _q(q))
        if expect.kind is not None and q.get("kind") != expect.kind:
            fail(f"question kind {expect.kind}", _q(q))
        if expect.content is not None:
            pattern = templating.render(expect.content, context, escape=re.escape)
            if not re.search(pattern, str(q.get("content", ""))):
                fail(f"question content matching `{pattern}`", repr(q.get("content")))
    elif q is None and (expect.question_index is not None or expect.kind or expect.content):
        fail("a question", "none")
    if expect.message_count is not None and body.get("message_count") != expect.message_count:
        fail(f"message_count {expect.message_count}", str(body.get("message_count")))
    if expect.interview_status is not None and body.get("status") != expect.interview_status:
        fail(f"interview status {expect.interview_status}", str(body.get("status")))
    return found


def _q(question: Any) -> str:
    if not isinstance(question, dict):
        return "no question"
    content = str(question.get("content", ""))
    content = content if len(content) <= 60 else content[:57] + "..."
    return f"{question.get('kind')} question {question.get('question_index')} ({content!r})"


def _statuses(statuses: tuple[int, ...]) -> str:
    if statuses == OK_2XX:
        return "2xx"
    return " or ".join(str(s) for s in statuses)


def status_only(expect: Expect) -> Expect:
    """The part of `expect` an async send's 202 (or a refusal) can be held to."""
    return Expect(status=expect.status, detail=expect.detail)


def fields_only(expect: Expect) -> Expect:
    """The part of `expect` about the question, checked once the job delivered it."""
    return Expect(
        question_index=expect.question_index,
        kind=expect.kind,
        content=expect.content,
        completed=expect.completed,
    )
