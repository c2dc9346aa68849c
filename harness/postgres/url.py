"""Provider for a server that already runs somewhere: the harness only borrows it."""

from __future__ import annotations

from harness.postgres.base import PostgresServer, redact


class UrlServer(PostgresServer):
    """An existing server given by URL; stopping drops what we created and nothing else."""

    provider = "url"

    def _shutdown(self) -> None:
        return None

    def describe(self) -> str:
        return redact(self.url)


def connect_url(url: str) -> UrlServer:
    """Wrap `url` (libpq or SQLAlchemy `postgresql+psycopg://`) and check it answers."""
    server = UrlServer(normalize_url(url))
    with server.admin_connection() as conn:
        conn.execute("SELECT 1")
    return server


def normalize_url(url: str) -> str:
    """Strip a SQLAlchemy driver suffix (`postgresql+psycopg://` -> `postgresql://`)."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.startswith(("postgresql+", "postgres+")):
        return "postgresql://" + rest
    return url
