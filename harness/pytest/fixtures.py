"""Fixtures offered to users' tests: a PostgreSQL server, empty and schema-cloned databases.

Session-scoped server, per-test databases: the isolation a test needs at the
price of a `CREATE DATABASE`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.errors import HarnessError
from harness.postgres import ClonedDatabase, PostgresServer, TemplateDatabase, database_name
from harness.pytest.session import session_backend, session_server


@pytest.fixture(scope="session")
def postgres_server(request: pytest.FixtureRequest) -> PostgresServer:
    """A running PostgreSQL (explicit URL, else embedded, else Docker, else local), shared
    with scenario items and released when pytest exits."""
    try:
        return session_server(request.config)
    except HarnessError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def postgres_database(postgres_server: PostgresServer) -> Iterator[str]:
    """libpq URL of a fresh, empty database, dropped after the test."""
    name = database_name("empty")
    url = postgres_server.create_database(name)
    try:
        yield url
    finally:
        postgres_server.drop_database(name)


@pytest.fixture(scope="session")
def reference_template(
    request: pytest.FixtureRequest, postgres_server: PostgresServer
) -> TemplateDatabase:
    """The reference app's schema, built once per process into a template database."""
    return session_backend(request.config).template


@pytest.fixture
def reference_database(reference_template: TemplateDatabase) -> Iterator[ClonedDatabase]:
    """A clone of the reference schema for one test, dropped afterwards."""
    clone = reference_template.clone("ref")
    try:
        yield clone
    finally:
        reference_template.server.drop_database(clone.name)
