"""A schema built once into a template database, then cloned per test.

`CREATE DATABASE ... TEMPLATE ...` copies files instead of replaying DDL, so a
fresh, isolated database costs tens of milliseconds rather than a migration run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from harness.postgres.base import PostgresServer
from harness.postgres.naming import database_name

SchemaBuilder = Callable[[str], None]
"""Creates a schema in the database at the given libpq URL, then closes its connections."""


@dataclass(frozen=True)
class ClonedDatabase:
    """One clone: its name and libpq URL on the server."""

    name: str
    url: str


class TemplateDatabase:
    """Builds `builder`'s schema into a template on first use and hands out clones."""

    def __init__(self, server: PostgresServer, builder: SchemaBuilder, *, label: str = "tpl"):
        self.server = server
        self._builder = builder
        self._label = label
        self._name: str | None = None
        self._lock = threading.Lock()

    @classmethod
    def existing(cls, server: PostgresServer, name: str) -> TemplateDatabase:
        """A template another process built on `server` (a worker clones it, never drops it)."""

        def built_elsewhere(_url: str) -> None:
            raise AssertionError("an existing template is never built")

        template = cls(server, built_elsewhere)
        template._name = name
        return template

    @property
    def name(self) -> str:
        """The template's database name, building it on first access."""
        with self._lock:
            if self._name is None:
                name = database_name(self._label)
                url = self.server.create_database(name)
                self._builder(url)
                self._name = name
            return self._name

    def clone(self, purpose: str = "test") -> ClonedDatabase:
        """A new database with the template's schema (and data)."""
        name = database_name(purpose)
        url = self.server.clone_database(self.name, name)
        return ClonedDatabase(name=name, url=url)

    def drop(self) -> None:
        """Drop the template (clones are dropped by their owners or by server stop)."""
        with self._lock:
            if self._name is not None:
                self.server.drop_database(self._name)
                self._name = None
