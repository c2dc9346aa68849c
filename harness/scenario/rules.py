"""The meaning pass over a scenario document: what its JSON Schema cannot say.

Options that do not fit their action, `mixed` outside `answer_all`, a
`request` without a path, bad templates and invalid regular expressions in
`expect` or `chaos.statements`. Like the schema pass, it returns `Problem`s with data paths; the
loader turns them into `file:line:col` lines.
"""

from __future__ import annotations

import re
from typing import Any

from harness.scenario import templating
from harness.scenario.limits import MAX_OPERATIONS
from harness.scenario.schema import Problem
from harness.scenario.yaml_marks import Path

#: Which options each action takes (besides `action` and `expect`).
OPTIONS: dict[str, tuple[str, ...]] = {
    "start": (),
    "answer": ("mode", "content", "key", "deadline", "wait"),
    "answer_all": ("mode", "content", "deadline"),
    "message": ("role", "content", "key"),
    "read": (),
    "burst": ("mode", "count", "content", "deadline"),
    "retry": ("mode", "count", "content", "key", "deadline"),
    "request": ("method", "path", "body", "raw", "headers"),
    "wait_followup": ("deadline", "until"),
}
_EXPECT_ONLY = {"accepted": ("burst",), "identical": ("retry",)}
_TEMPLATED = ("content", "key", "path", "raw")


def meaning_problems(data: dict[str, Any]) -> list[Problem]:
    """What a schema cannot say: options that do not fit the action, templates, patterns."""
    found: list[Problem] = []
    defaults = data.get("defaults")
    if isinstance(defaults, dict) and isinstance(defaults.get("answer"), str):
        found += [
            Problem(("defaults", "answer"), m) for m in templating.problems(defaults["answer"])
        ]
    chaos = data.get("chaos")
    if isinstance(chaos, dict):
        found += _chaos_problems(chaos)
    steps = data.get("steps")
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        if isinstance(step, dict) and isinstance(step.get("action"), str):
            found += _step_problems(("steps", index), step)
    return found + _operations_problems(data)


#: Fixed questions every interview asks before its AI follow-ups.
_FIXED_QUESTIONS = 18


def _operations_problems(data: dict[str, Any]) -> list[Problem]:
    """The whole replay's requests, bounded: interviews times what one copy may send."""
    load: dict[str, Any] = data["load"] if isinstance(data.get("load"), dict) else {}
    interview: dict[str, Any] = data["interview"] if isinstance(data.get("interview"), dict) else {}
    steps = data.get("steps")
    interviews, followups = load.get("interviews", 1), interview.get("ai_followups", 10)
    if not (_is_int(interviews) and _is_int(followups) and isinstance(steps, list)):
        return []  # the schema pass says what is wrong
    each = 1 + sum(_step_operations(step, followups) for step in steps)  # 1: the create
    total = interviews * each
    if total <= MAX_OPERATIONS:
        return []
    return [
        Problem(
            ("load", "interviews") if "interviews" in load else ("steps",),
            f"{interviews:,} interview(s) of up to {each:,} operations each make {total:,} "
            f"operations; at most {MAX_OPERATIONS:,} per file",
        )
    ]


def _step_operations(step: Any, followups: int) -> int:
    """Requests one copy may send for `step` (async sends add a job wait each)."""
    if not isinstance(step, dict):
        return 1
    action = step.get("action")
    count = step.get("count", 2 if action == "burst" else 1)
    count = count if _is_int(count) else 1
    if action == "answer_all":
        count = _FIXED_QUESTIONS + followups
    waits = 2 if step.get("mode") in ("async", "mixed") else 1
    return count * waits if action in ("answer", "answer_all", "burst", "retry") else 1


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _step_problems(path: Path, step: dict[str, Any]) -> list[Problem]:
    found: list[Problem] = []
    for key in _TEMPLATED:
        if isinstance(step.get(key), str):
            found += [Problem((*path, key), m) for m in templating.problems(step[key])]
    action = step["action"]
    allowed = OPTIONS.get(action)
    if allowed is None:
        return found  # the schema pass already reported the unknown action
    for key in step:
        if key not in ("action", "expect", *allowed) and key in _all_options():
            takes = ", ".join(("expect", *allowed))
            found.append(
                Problem(
                    (*path, key),
                    f"`{key}` does not apply to `{action}` (it takes: {takes})",
                    at_key=True,
                )
            )
    if step.get("mode") == "mixed" and action != "answer_all":
        found.append(
            Problem((*path, "mode"), "`mixed` is only for answer_all (expected: sync or async)")
        )
    if action == "request":
        if "path" not in step:
            found.append(Problem(path, "missing key 'path' (request needs the URL path)"))
        if "body" in step and "raw" in step:
            found.append(
                Problem((*path, "raw"), "give `body` (JSON) or `raw` (text), not both", at_key=True)
            )
    expect = step.get("expect")
    if isinstance(expect, dict):
        for key, actions in _EXPECT_ONLY.items():
            if key in expect and action not in actions:
                found.append(
                    Problem(
                        (*path, "expect", key),
                        f"`{key}` only applies to {', '.join(actions)}",
                        at_key=True,
                    )
                )
        for key in ("content", "detail"):
            if isinstance(expect.get(key), str):
                found += _pattern_problems((*path, "expect", key), expect[key])
    return found


def _chaos_problems(chaos: dict[str, Any]) -> list[Problem]:
    found: list[Problem] = []
    statements = chaos.get("statements")
    if isinstance(statements, str):
        try:
            re.compile(statements)
        except re.error as exc:
            found.append(
                Problem(
                    ("chaos", "statements"),
                    f"invalid regular expression {statements!r}: {exc}",
                )
            )
        if not chaos.get("statement_delay"):
            found.append(
                Problem(
                    ("chaos", "statements"),
                    "`statements` needs `statement_delay` (how long they wait)",
                    at_key=True,
                )
            )
    return found


def _pattern_problems(path: Path, pattern: str) -> list[Problem]:
    found = [Problem(path, m) for m in templating.problems(pattern)]
    try:
        re.compile(templating.PLACEHOLDER.sub("x", pattern))
    except re.error as exc:
        found.append(Problem(path, f"invalid regular expression {pattern!r}: {exc}"))
    return found


def _all_options() -> set[str]:
    return {key for keys in OPTIONS.values() for key in keys}
