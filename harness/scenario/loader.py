"""Load scenario files: YAML with marks → schema pass → meaning pass → frozen `Scenario`.

Every problem in every file is collected before anything is raised, so a
developer fixes a file in one round trip:

    scenarios/full-interview.yaml:14:5: step 3: unknown action 'anwser' (expected: ...)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path as FsPath

import yaml

from harness.errors import ScenarioError
from harness.scenario.build import build
from harness.scenario.model import Scenario
from harness.scenario.rules import meaning_problems
from harness.scenario.schema import Problem, schema_problems
from harness.scenario.yaml_marks import Marked, Path, RefusedYaml, load_marked

#: What a folder is searched for (and how the error says so).
SUFFIXES = (".yaml", ".yml")
PATTERNS = tuple(f"*{suffix}" for suffix in SUFFIXES)


class ScenarioFileError(ScenarioError):
    """One or more scenario files are invalid; `problems` lists `file:line:col: message`."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in scenario files"
        super().__init__(head + ":\n" + "\n".join(self.problems))


def scenario_files(paths: Iterable[str | FsPath]) -> list[FsPath]:
    """Files named on the command line, and `*.yaml`/`*.yml` found under folders, sorted.

    A folder without any is an error: a run that tests nothing must not pass.
    """
    found: list[FsPath] = []
    for raw in paths:
        path = FsPath(raw)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
            if not inside:
                raise ScenarioError(f"{path}: no scenario files (looked for {', '.join(PATTERNS)})")
            found.extend(inside)
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
    """A scenario file's text, or a one-line `ScenarioError` (placed, if it is not UTF-8)."""
    try:
        data = FsPath(path).read_bytes()
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise ScenarioFileError(
            [
                f"{path}:{line}:{column}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                "save the file as UTF-8"
            ]
        ) from exc


def load_scenario(path: str | FsPath) -> Scenario:
    """Load one file (see `parse_scenario`)."""
    return parse_scenario(read_text(path), str(path))


def parse_scenario(text: str, path: str = "<scenario>") -> Scenario:
    """Validate `text` completely and build the `Scenario`, or raise with every problem."""
    try:
        document = load_marked(text)
    except RefusedYaml as exc:
        raise ScenarioFileError(
            [f"{path}:{exc.mark.line}:{exc.mark.column}: {exc.message}"]
        ) from exc
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
    problems += [Problem(p, message) for p, message in document.invalid]
    if document.invalid:  # the schema would only repeat them in worse words
        raise ScenarioFileError(_format(problems, document, path))
    problems += schema_problems(document)
    problems += meaning_problems(document.data)
    if problems:
        raise ScenarioFileError(_format(problems, document, path))
    return build(document, path)


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
