"""Which PostgreSQL a run used: provider, server version and where, never a password.

Printed when a replay starts and written into its reports, so a result can be
tied to the server that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from harness.errors import ProvisioningError
from harness.postgres.base import PostgresServer, redact
from harness.redaction import scrub


@dataclass(frozen=True)
class PostgresInfo:
    """`embedded`, `18.0`, `/tmp/pg-x` (a socket folder) or `host:5432`."""

    provider: str
    version: str
    where: str

    def line(self) -> str:
        """`PostgreSQL 18.0 (embedded, /tmp/pg-x)`."""
        return f"PostgreSQL {self.version} ({self.provider}, {self.where})"


def server_version(url: str) -> str:
    """The server's `server_version` (`18.0`, `16.4 (Debian 16.4-1)`)."""
    try:
        with psycopg.connect(url, connect_timeout=10) as conn:
            row = conn.execute("SHOW server_version").fetchone()
    except psycopg.Error as exc:
        # libpq may quote part of the password (a bad %-escape): scrub knows the URL's
        first = scrub((str(exc).strip() or type(exc).__name__).splitlines()[0], url)
        raise ProvisioningError(f"cannot connect to PostgreSQL at {redact(url)}: {first}") from exc
    return str(row[0]) if row else "unknown"


def describe_server(server: PostgresServer) -> PostgresInfo:
    """A provisioned server, asked for its version."""
    return PostgresInfo(server.provider, server_version(server.url), redact(server.url))


def describe_url(url: str, provider: str = "url") -> PostgresInfo:
    """A database given by URL (a backend's `--db-url`)."""
    return PostgresInfo(provider, server_version(url), redact(url))
