"""The pytest plugin's PostgreSQL options and fixtures, black-box through pytester."""

from __future__ import annotations

import pytest

from harness.postgres import PostgresServer

pytest_plugins = ["pytester"]

USES_FIXTURES = """
import psycopg

def test_clone_has_the_reference_schema(reference_database):
    with psycopg.connect(reference_database.url) as conn:
        row = conn.execute("SELECT to_regclass('interviews') IS NOT NULL").fetchone()
    assert row == (True,)

def test_empty_database_is_empty(postgres_database):
    with psycopg.connect(postgres_database) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    assert row == (0,)
"""


def test_fixtures_work_against_an_explicit_url(
    pytester: pytest.Pytester, postgres_server: PostgresServer
) -> None:
    pytester.makepyfile(USES_FIXTURES)
    result = pytester.runpytest_subprocess(
        "--pg-url", postgres_server.url, "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["persistguard: postgres=url*"])


def test_url_from_environment_variable(
    pytester: pytest.Pytester, postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PERSISTGUARD_PG_URL", postgres_server.url)
    pytester.makepyfile(USES_FIXTURES)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_ini_key_selects_the_provider(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("PERSISTGUARD_PG_URL", "DATABASE_URL", "PERSISTGUARD_PG_PROVIDER"):
        monkeypatch.delenv(name, raising=False)
    pytester.makeini("[pytest]\npersistguard_pg_provider = embedded\n")
    pytester.makepyfile(USES_FIXTURES)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["persistguard: postgres=embedded*"])


def test_unknown_provider_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_x(): pass")
    result = pytester.runpytest_subprocess("--pg-provider", "podman")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown PostgreSQL provider `podman`*"])


def test_unreachable_server_fails_the_test_with_one_line(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(USES_FIXTURES)
    result = pytester.runpytest_subprocess("--pg-url", "postgresql://postgres@127.0.0.1:9/postgres")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*no PostgreSQL: --pg-url: cannot connect*127.0.0.1:9*"])
    result.stdout.no_fnmatch_line("*Traceback*")
