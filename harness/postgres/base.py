"""The one interface every PostgreSQL provider implements.

A provider only has to start (or find) a server and stop it; creating,
cloning and dropping databases is the same SQL everywhere, so it lives here.
"""

from __future__ import annotations

import abc
import logging
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import quote, urlencode

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from harness.errors import ProvisioningError
from harness.postgres.leftovers import note_left
from harness.postgres.naming import is_ours_and_orphaned
from harness.redaction import scrub

logger = logging.getLogger(__name__)


class PostgresServer(abc.ABC):
    """A running PostgreSQL server the harness may create databases on."""

    #: Short provider name shown in errors and report headers (`url`, `embedded`, ...).
    provider: str = "?"

    def __init__(self, admin_url: str) -> None:
        self._admin_url = admin_url
        self._created: set[str] = set()
        self._lock = threading.Lock()

    # -- what providers supply -------------------------------------------------

    @property
    def url(self) -> str:
        """libpq URL of the maintenance database (`postgres`) with admin rights."""
        return self._admin_url

    def stop(self) -> None:
        """Drop every database this object created, then stop what the provider started."""
        self.drop_created()
        self._shutdown()

    @abc.abstractmethod
    def _shutdown(self) -> None:
        """Release the server itself (stop a cluster, a container); no-op for a URL."""

    # -- databases ---------------------------------------------------------------

    def database_url(self, name: str, *, driver: str | None = None) -> str:
        """URL of database `name` on this server; `driver="psycopg"` gives a SQLAlchemy URL."""
        params = conninfo_to_dict(self._admin_url)
        params["dbname"] = name
        return to_url(params, driver=driver)

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """Create `name` (empty, or a copy of `template`) and return its libpq URL."""
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            query = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        with self._lock:
            self._created.add(name)
        try:
            with self.admin_connection() as conn:
                conn.execute(query)
        except psycopg.Error as exc:
            with self._lock:
                self._created.discard(name)
            raise ProvisioningError(
                f"cannot create database `{name}` on {self.describe()}: {self._reason(exc)}"
            ) from exc
        return self.database_url(name)

    def clone_database(self, template: str, name: str) -> str:
        """Copy `template` into a new database `name` (tens of milliseconds) and return its URL."""
        return self.create_database(name, template=template)

    def drop_database(self, name: str) -> None:
        """Refuse new connections, terminate the open ones, then drop `name` if it exists."""
        ident = sql.Identifier(name)
        try:
            with self.admin_connection() as conn:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
                ).fetchone()
                if exists:
                    conn.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(ident))
                    conn.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = %s AND pid <> pg_backend_pid()",
                        (name,),
                    )
                    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(ident))
        except psycopg.Error as exc:
            raise ProvisioningError(
                f"cannot drop database `{name}` on {self.describe()}: {self._reason(exc)}"
            ) from exc
        finally:
            with self._lock:
                self._created.discard(name)

    def database_exists(self, name: str) -> bool:
        """Whether a database called `name` exists on this server."""
        with self.admin_connection() as conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        return row is not None

    def drop_created(self) -> None:
        """Drop every database created through this object, side by side; log failures.

        Side by side because this is the path of an interrupted run, where every
        second counts: a `DROP DATABASE` waits on the server's checkpoint and
        files, and a run may hold a template and several clones.
        """
        with self._lock:
            names = sorted(self._created)
        if not names:
            return
        try:
            with ThreadPoolExecutor(max_workers=min(len(names), 8)) as pool:
                errors = list(pool.map(self._try_drop, names))
        except RuntimeError:  # at interpreter exit (atexit) no new thread may start
            errors = [self._try_drop(name) for name in names]
        for name, error in zip(names, errors, strict=True):
            if error is not None:
                logger.error("could not drop database %s: %s", name, error)
                note_left(f"database {name} on {self.describe()}")

    def _try_drop(self, name: str) -> Exception | None:
        try:
            self.drop_database(name)
        except Exception as exc:
            return exc
        return None

    def sweep_orphans(self) -> list[str]:
        """Drop databases left by crashed harness runs on this host; return their names."""
        with self.admin_connection() as conn:
            names = [str(row[0]) for row in conn.execute("SELECT datname FROM pg_database")]
        swept = []
        for name in names:
            if is_ours_and_orphaned(name):
                try:
                    self.drop_database(name)
                    swept.append(name)
                except ProvisioningError:
                    logger.warning("could not sweep leftover database %s", name, exc_info=True)
        return swept

    # -- helpers -------------------------------------------------------------------

    @contextmanager
    def admin_connection(self) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
        """Autocommit connection to the maintenance database (CREATE/DROP DATABASE need it)."""
        try:
            conn = psycopg.connect(self._admin_url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise ProvisioningError(
                f"cannot connect to PostgreSQL at {self.describe()}: {self._reason(exc)}"
            ) from exc
        with conn:
            yield conn

    def _reason(self, exc: BaseException) -> str:
        return _first_line(exc, self._admin_url)

    def describe(self) -> str:
        """Where the server is, without the password: `embedded (/tmp/x)`, `url (host:5432)`."""
        return f"{self.provider} ({redact(self._admin_url)})"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.describe()}>"


def to_url(params: Mapping[str, object], *, driver: str | None = None) -> str:
    """Turn libpq parameters into a `postgresql://` URL (optionally `postgresql+driver://`)."""
    rest = {k: v for k, v in params.items() if v not in (None, "")}
    user = quote(str(rest.pop("user", "")), safe="")
    password = rest.pop("password", None)
    host = str(rest.pop("host", ""))
    port = rest.pop("port", None)
    dbname = quote(str(rest.pop("dbname", "")), safe="")
    auth = f"{user}:{quote(str(password), safe='')}@" if password else (f"{user}@" if user else "")
    query: dict[str, str] = {k: str(v) for k, v in rest.items()}
    netloc = ""
    if host.startswith("/"):
        query["host"] = host
        if port:
            query["port"] = str(port)
    else:
        netloc = host + (f":{port}" if port else "")
    scheme = f"postgresql+{driver}" if driver else "postgresql"
    url = f"{scheme}://{auth}{netloc}/{dbname}"
    if query:
        url += "?" + urlencode(query)
    return url


def redact(url: str) -> str:
    """A URL or conninfo with its password removed, for messages and headers."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.Error:
        return "<unparsable URL>"
    params.pop("password", None)
    host = params.get("host") or "localhost"
    port = params.get("port") or "5432"
    return f"{host}:{port}" if not str(host).startswith("/") else f"{host}"


def _first_line(exc: BaseException, url: str) -> str:
    """The error's first line, with any password of `url` (or any URL it quotes) masked."""
    text = str(exc).strip() or type(exc).__name__
    return scrub(text.splitlines()[0], url)


__all__ = ["PostgresServer", "make_conninfo", "redact", "to_url"]
