"""The plugin's hooks and fixture instances, in lifecycle order; the logic lives elsewhere.

`harness.pytest.plugin` (the pytest11 entry point) re-exports them when the
`harness` extra is installed.
"""

from __future__ import annotations

import warnings
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import cast

import pytest

from harness.check.verdict import VerdictFailed
from harness.errors import HarnessError
from harness.pytest import signals
from harness.pytest.fixtures import (
    postgres_database,
    postgres_server,
    reference_database,
    reference_template,
)
from harness.pytest.options import OPTIONS, HarnessConfig, resolve
from harness.pytest.runner_fixtures import (
    failed_verdicts,
    reference_app,
    reference_client,
    scenario_runner,
)
from harness.pytest.session import CONFIG_KEY, release_session

__all__ = [
    "persistguard_config",
    "postgres_database",
    "postgres_server",
    "pytest_addoption",
    "pytest_collect_file",
    "pytest_configure",
    "pytest_report_header",
    "pytest_runtest_makereport",
    "pytest_sessionfinish",
    "pytest_unconfigure",
    "reference_app",
    "reference_client",
    "reference_database",
    "reference_template",
    "scenario_runner",
]


#: pytest-asyncio warns at start-up (an error under `filterwarnings = error`) when a project
#: sets no default loop scope for async fixtures. A project that never configured
#: pytest-asyncio only has it because persistguard depends on it, and persistguard's own
#: async fixtures name their loop scope, so the warning is not the project's to fix.
LOOP_SCOPE_UNSET = r'The configuration option "asyncio_default_fixture_loop_scope" is unset'


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("persistguard", "persistguard harness")
    for option in OPTIONS:
        default = f"; default: {option.default}" if option.default else ""
        group.addoption(
            option.flag,
            dest=option.ini,
            default=None,
            metavar=option.metavar,
            help=f"{option.help} (env {option.env}{default})",
        )
        parser.addini(option.ini, option.help, default=None)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Resolve the options once; let pytest-asyncio (configured next) start without its warning."""

    def lookup(option: object) -> object:
        from harness.pytest.options import Option

        assert isinstance(option, Option)
        value = config.getoption(option.ini)
        return value if value is not None else config.getini(option.ini)

    try:
        config.stash[CONFIG_KEY] = resolve(lookup)
    except (HarnessError, ValueError) as exc:
        raise pytest.UsageError(str(exc)) from exc
    warnings.filterwarnings(
        "ignore", message=LOOP_SCOPE_UNSET, category=pytest.PytestDeprecationWarning
    )
    ours = warnings.filters[0]

    def forget() -> None:
        filters = cast(list[object], warnings.filters)  # a list at run time
        if ours in filters:
            filters.remove(ours)

    config.add_cleanup(forget)
    signals.install(config)


def pytest_report_header(config: pytest.Config) -> str:
    cfg = config.stash[CONFIG_KEY]
    where = (cfg.postgres.url and "url") or cfg.postgres.provider
    return f"persistguard: postgres={where} seed={cfg.seed if cfg.seed is not None else 'scenario'}"


@pytest.fixture(scope="session")
def persistguard_config(request: pytest.FixtureRequest) -> Iterator[HarnessConfig]:
    """The resolved harness settings (flags, ini keys, environment)."""
    yield request.config.stash[CONFIG_KEY]


# -- scenario files as test items (harness.pytest.collect) -------------------------------------


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    from harness.pytest.collect import collect_file

    return collect_file(file_path, parent)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed test that used `scenario_runner` shows each failed verdict as the CLI does."""
    report = yield
    if report.failed and call.when == "call":
        raised = call.excinfo.value if call.excinfo is not None else None
        shown = raised.verdict if isinstance(raised, VerdictFailed) else None
        for verdict in failed_verdicts(item):
            if verdict is not shown:  # raise_for_failures() already printed it
                report.sections.append(("persistguard verdict", str(verdict)))
    return report


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    # As early as possible: an xdist worker reports its end right after this hook,
    # and an interrupted controller then gives it seconds before killing it.
    release_session(session.config)


def pytest_unconfigure(config: pytest.Config) -> None:
    try:
        release_session(config)
    finally:
        signals.uninstall(config)
