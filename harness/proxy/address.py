"""Where PostgreSQL is, from a libpq URL, and the URL a client uses to reach it through the proxy.

The proxied URL keeps everything the client needs (user, password, database,
options) and swaps only the host and port, so `DATABASE_URL` can be pointed
at the proxy without other edits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import psycopg
from psycopg.conninfo import conninfo_to_dict

from harness.errors import HarnessError

#: sslmode values the proxy cannot honour: it speaks plain text to PostgreSQL.
_NEEDS_TLS = ("require", "verify-ca", "verify-full")
#: Connection parameters that describe the route, replaced by the proxy's.
_ROUTE = ("host", "hostaddr", "port", "sslmode", "gssencmode", "sslnegotiation")


@dataclass(frozen=True)
class Address:
    """A TCP host and port, or a Unix socket path."""

    host: str
    port: int

    @property
    def unix_path(self) -> str | None:
        """The socket file when `host` is a directory, as libpq reads it."""
        return f"{self.host}/.s.PGSQL.{self.port}" if self.host.startswith("/") else None

    def __str__(self) -> str:
        return self.unix_path or f"{self.host}:{self.port}"


def _params(url: str) -> dict[str, str]:
    scheme, sep, rest = url.partition("://")
    if sep and scheme.startswith(("postgresql+", "postgres+")):  # a SQLAlchemy URL
        url = "postgresql://" + rest
    try:
        return {k: str(v) for k, v in conninfo_to_dict(url).items() if v is not None}
    except psycopg.ProgrammingError as exc:
        reason = " ".join(str(exc).split())
        raise HarnessError(f"not a PostgreSQL URL: {url!r} ({reason})") from None


def upstream_address(url: str) -> Address:
    """The server `url` points at (first host of a list; libpq's PGHOST/PGPORT as defaults)."""
    params = _params(url)
    if params.get("sslmode") in _NEEDS_TLS:
        raise HarnessError(
            f"the proxy speaks plain text to PostgreSQL; sslmode={params['sslmode']} in "
            "--upstream cannot be honoured (use a server it reaches without TLS)"
        )
    host = (params.get("host") or os.environ.get("PGHOST") or "localhost").split(",")[0]
    port_text = (params.get("port") or os.environ.get("PGPORT") or "5432").split(",")[0]
    try:
        port = int(port_text)
    except ValueError:
        raise HarnessError(f"not a port number in {url!r}: {port_text!r}") from None
    return Address(host, port)


def proxied_url(url: str, host: str, port: int, *, keep_password: bool = True) -> str:
    """`url` with its route replaced by the proxy's `host:port` (always a `postgresql://` URL).

    `keep_password=False` leaves the password out, for printing.
    """
    params = _params(url)
    for key in _ROUTE:
        params.pop(key, None)
    user = params.pop("user", "")
    password = params.pop("password", "") if keep_password else ""
    params.pop("password", None)
    dbname = params.pop("dbname", "")
    auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
    netloc = f"{auth}@" if auth else ""
    netloc += f"[{host}]" if ":" in host else host
    query = "?" + urlencode(params) if params else ""
    return f"postgresql://{netloc}:{port}/{quote(dbname, safe='')}{query}"
