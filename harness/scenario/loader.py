"""Load scenario files: YAML with marks → schema pass → meaning pass → frozen `Scenario`.

Every problem in every file is collected before anything is raised, so a
developer fixes a file in one round trip:

    scenarios/full-interview.yaml:14:5: step 3: unknown action 'anwser' (expected: ...)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path as FsPath
from typing import Any

import yaml

from harness.errors import ScenarioError
from harness.scenario import templating
from harness.scenario.model import (
    DEFAULT_ANSWER,
    DEFAULT_DEADLINE,
    INVARIANTS,
    Accepted,
    Expect,
    FinalState,
    InterviewSpec,
    LoadShape,
    Location,
    Scenario,
    Step,
)
from harness.scenario.schema import Problem, schema_problems
from harness.scenario.yaml_marks import Marked, Path, load_marked

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
    "wait_followup": ("deadline",),
}
_EXPECT_ONLY = {"accepted": ("burst",), "identical": ("retry",)}
_TEMPLATED = ("content", "key", "path", "raw")


class ScenarioFileError(ScenarioError):
    """One or more scenario files are invalid; `problems` lists `file:line:col: message`."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in scenario files"
        super().__init__(head + ":\n" + "\n".join(self.problems))


def scenario_files(paths: Iterable[str | FsPath]) -> list[FsPath]:
    """Files named on the command line, and `*.yaml`/`*.yml` found under folders, sorted."""
    found: list[FsPath] = []
    for raw in paths:
        path = FsPath(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")))
        elif path.exists():
            found.append(path)
        else:
            raise ScenarioError(f"{path}: no such file or folder")
    return found


def load_paths(paths: Iterable[str | FsPath]) -> list[Scenario]:
    """Load every scenario under `paths`; raise one `ScenarioFileError` listing all problems."""
    scenarios: list[Scenario] = []
    problems: list[str] = []
    for path in scenario_files(paths):
        try:
            scenarios.append(load_scenario(path))
        except ScenarioFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioFileError(problems)
    return scenarios


def read_text(path: str | FsPath) -> str:
    """A scenario file's text, or a one-line `ScenarioError`."""
    try:
        return FsPath(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def load_scenario(path: str | FsPath) -> Scenario:
    """Load one file (see `parse_scenario`)."""
    return parse_scenario(read_text(path), str(path))


def parse_scenario(text: str, path: str = "<scenario>") -> Scenario:
    """Validate `text` completely and build the `Scenario`, or raise with every problem."""
    try:
        document = load_marked(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioFileError([f"{where}: invalid YAML: {reason}"]) from exc
    if not isinstance(document.data, dict):
        raise ScenarioFileError(
            [
                f"{path}:1:1: expected a mapping with name, interview and "
                f"steps, found {type(document.data).__name__}"
            ]
        )
    problems = [
        Problem(p, "duplicate key (YAML keeps only the last one)", at_key=True)
        for p, _ in document.duplicates
    ]
    problems += schema_problems(document)
    problems += _meaning_problems(document.data)
    if problems:
        raise ScenarioFileError(_format(problems, document, path))
    return _build(document, path)


def _format(problems: list[Problem], document: Marked, path: str) -> list[str]:
    lines: dict[str, tuple[int, int]] = {}
    for problem in problems:
        mark = document.key_at(problem.path) if problem.at_key else document.at(problem.path)
        where = _where(problem.path[:-1] if problem.at_key else problem.path)
        line = f"{path}:{mark.line}:{mark.column}: {where}{problem.message}"
        lines.setdefault(line, (mark.line, mark.column))
    return sorted(lines, key=lambda text: lines[text])


def _where(path: Path) -> str:
    """`step 3: expect.status: ` — the readable prefix of a data path."""
    parts = list(path)
    prefix = ""
    if len(parts) >= 2 and parts[0] == "steps" and isinstance(parts[1], int):
        prefix = f"step {parts[1] + 1}: "
        parts = parts[2:]
    if parts and parts[-1] == "action":
        parts = parts[:-1]
    dotted = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in parts)
    dotted = dotted.replace(".[", "[")
    return prefix + (f"{dotted}: " if dotted else "")


def _meaning_problems(data: dict[str, Any]) -> list[Problem]:
    """What a schema cannot say: options that do not fit the action, templates, patterns."""
    found: list[Problem] = []
    defaults = data.get("defaults")
    if isinstance(defaults, dict) and isinstance(defaults.get("answer"), str):
        found += [
            Problem(("defaults", "answer"), m) for m in templating.problems(defaults["answer"])
        ]
    steps = data.get("steps")
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        if isinstance(step, dict) and isinstance(step.get("action"), str):
            found += _step_problems(("steps", index), step)
    return found


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


def _pattern_problems(path: Path, pattern: str) -> list[Problem]:
    found = [Problem(path, m) for m in templating.problems(pattern)]
    try:
        re.compile(templating.PLACEHOLDER.sub("x", pattern))
    except re.error as exc:
        found.append(Problem(path, f"invalid regular expression {pattern!r}: {exc}"))
    return found


def _all_options() -> set[str]:
    return {key for keys in OPTIONS.values() for key in keys}


# -- building the model (only reached when there is no problem) -------------------------


def _build(document: Marked, path: str) -> Scenario:
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
