"""Fixtures offered to users' tests: a PostgreSQL server, empty and schema-cloned databases.

Session-scoped server, per-test databases: the isolation a test needs at the
price of a `CREATE DATABASE`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.errors import HarnessError
from harness.options import HarnessConfig
from harness.postgres import (
    ClonedDatabase,
    PostgresServer,
    TemplateDatabase,
    database_name,
    provision,
    release,
)


@pytest.fixture(scope="session")
def postgres_server(persistguard_config: HarnessConfig) -> Iterator[PostgresServer]:
    """A running PostgreSQL (explicit URL, else embedded, else Docker, else local)."""
    try:
        server = provision(persistguard_config.postgres)
    except HarnessError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        release(server)


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
def reference_template(postgres_server: PostgresServer) -> Iterator[TemplateDatabase]:
    """The reference app's schema, built once per session into a template database."""
    from reference_app.db import create_schema

    template = TemplateDatabase(postgres_server, create_schema, label="reference_tpl")
    try:
        yield template
    finally:
        template.drop()


@pytest.fixture
def reference_database(reference_template: TemplateDatabase) -> Iterator[ClonedDatabase]:
    """A clone of the reference schema for one test, dropped afterwards."""
    clone = reference_template.clone("ref")
    try:
        yield clone
    finally:
        reference_template.server.drop_database(clone.name)
