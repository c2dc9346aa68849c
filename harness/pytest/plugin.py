"""pytest11 entry point: hooks and fixture instances only; the logic lives elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.errors import HarnessError
from harness.pytest import signals
from harness.pytest.fixtures import (
    postgres_database,
    postgres_server,
    reference_database,
    reference_template,
)
from harness.pytest.options import OPTIONS, HarnessConfig, resolve
from harness.pytest.runner_fixtures import reference_app, reference_client, scenario_runner
from harness.pytest.session import CONFIG_KEY, release_session

__all__ = [
    "persistguard_config",
    "postgres_database",
    "postgres_server",
    "reference_app",
    "reference_client",
    "reference_database",
    "reference_template",
    "scenario_runner",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("persistguard", "persistguard harness")
    for option in OPTIONS:
        group.addoption(
            option.flag, dest=option.ini, default=None, help=f"{option.help} (env {option.env})"
        )
        parser.addini(option.ini, option.help, default=None)


def pytest_configure(config: pytest.Config) -> None:
    def lookup(option: object) -> object:
        from harness.pytest.options import Option

        assert isinstance(option, Option)
        value = config.getoption(option.ini)
        return value if value is not None else config.getini(option.ini)

    try:
        config.stash[CONFIG_KEY] = resolve(lookup)
    except (HarnessError, ValueError) as exc:
        raise pytest.UsageError(str(exc)) from exc
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
