"""Scenario files as pytest items (the "non-python tests" pattern).

`pytest scenarios/` (or any path matching the `scenarios` option, ini
`persistguard_scenarios`, env `PERSISTGUARD_SCENARIOS`) turns each YAML file
into one item that replays it against the reference app on a cloned
database. A failure shows the violated invariants and the interview's
transcript, not a Python traceback.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.check.storage import StorageMap
from harness.check.verdict import Verdict
from harness.errors import HarnessError
from harness.pytest.options import HarnessConfig
from harness.pytest.session import CONFIG_KEY, session_backend
from harness.replay import run_stoppable
from harness.report.summary import summarize
from harness.report.text import describe_failure
from harness.scenario.loader import parse_scenario, read_text
from harness.scenario.model import Scenario


def matches(path: Path, root: Path, pattern: str) -> bool:
    """Whether `path` (relative to `root`) matches `pattern`; `**/` may match no folder."""
    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return False
    return fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(
        relative, pattern.replace("**/", "")
    )


class ScenarioFailed(Exception):
    """Raised by an item whose verdict has failures; carries the verdict for the report."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.run.scenario.name)
        self.verdict = verdict


class ScenarioFile(pytest.File):
    """One scenario file: yields one item (validation errors fail collection, readably)."""

    def collect(self) -> Iterator[pytest.Item]:
        shown = self.config.rootpath.joinpath("x").parent
        try:
            display = self.path.resolve().relative_to(shown.resolve()).as_posix()
        except ValueError:
            display = str(self.path)
        scenario = parse_scenario(read_text(self.path), display)
        yield ScenarioItem.from_parent(self, name=scenario.stem, scenario=scenario)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        if isinstance(excinfo.value, HarnessError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class ScenarioItem(pytest.Item):
    """Replays its scenario on a fresh clone of the reference schema and judges it."""

    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        config: HarnessConfig = self.config.stash[CONFIG_KEY]
        backend = session_backend(self.config)
        scenario = self.scenario.with_seed(config.seed)
        verdict = run_stoppable(backend.replay(scenario, StorageMap()))
        s = summarize(verdict)  # plain strings: xdist ships user_properties between processes
        self.user_properties.append(
            (
                "persistguard",
                f"{s.operations} ops, p95 {s.p95_ms} ms, {len(s.invariants_failed)} failed",
            )
        )
        if not verdict.passed:
            raise ScenarioFailed(verdict)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | Any:
        if isinstance(excinfo.value, ScenarioFailed):
            return describe_failure(excinfo.value.verdict)
        if isinstance(excinfo.value, HarnessError):
            return f"persistguard: {excinfo.value}"
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.scenario.location.line - 1, f"scenario: {self.scenario.name}"


def collect_file(file_path: Path, parent: pytest.Collector) -> ScenarioFile | None:
    """The body of `pytest_collect_file`: scenario files matching the configured glob."""
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    config: HarnessConfig = parent.config.stash[CONFIG_KEY]
    if not matches(file_path, parent.config.rootpath, config.scenario_glob):
        return None
    return ScenarioFile.from_parent(parent, path=file_path)
