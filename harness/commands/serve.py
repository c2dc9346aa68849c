"""`persistguard serve`: the reference backend under uvicorn, on real PostgreSQL.

Without a URL it starts its own PostgreSQL (embedded by default), creates the
schema in a fresh database, and drops everything on exit, Ctrl-C included.
With `--pg-url` it uses the database named in the URL and creates the schema
there if missing (it never drops a database it did not create).
"""

from __future__ import annotations

import argparse
import socket
import sys
from typing import Any

from harness.errors import HarnessError
from harness.extras import require_harness
from harness.redaction import redact_url

#: `harness.postgres.PROVIDERS`, spelled out so `--help` needs no harness import (a test
#: keeps the two equal).
PROVIDER_NAMES = ("url", "embedded", "docker", "local")


def register(sub: Any) -> None:
    """Add the `serve` subcommand."""
    parser = sub.add_parser(
        "serve",
        help="run the reference interview backend",
        description="Run the reference interview backend under uvicorn.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port to bind, 0 for any free one (default: %(default)s)",
    )
    parser.add_argument(
        "--pg-url", metavar="URL", help="existing database to use (env PERSISTGUARD_PG_URL)"
    )
    parser.add_argument(
        "--pg-provider",
        choices=("auto", *PROVIDER_NAMES),
        help="how to get PostgreSQL (env PERSISTGUARD_PG_PROVIDER)",
    )
    parser.add_argument(
        "--ai-latency",
        type=float,
        default=0.0,
        help="seconds each AI follow-up takes (default: %(default)s)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Provision, build the schema, serve until interrupted, clean up."""
    require_harness("`persistguard serve`")
    import uvicorn

    from harness.postgres import PostgresChoice, database_name, provision, release
    from reference_app import Settings, create_app
    from reference_app.db import create_schema

    choice = PostgresChoice.from_env(url=args.pg_url, provider=args.pg_provider)
    listener = listen(args.host, args.port)  # a busy port is said before PostgreSQL starts
    try:
        server = provision(choice)
    except BaseException:
        listener.close()
        raise
    try:
        if server.provider == "url":
            db_url = server.url  # the database named in the URL
        else:
            db_url = server.create_database(database_name("serve"))
        create_schema(db_url)
        app = create_app(Settings(database_url=db_url, ai_latency=args.ai_latency))

        class AnnouncingServer(uvicorn.Server):
            async def startup(self, sockets: Any = None) -> None:
                await super().startup(sockets)
                if self.servers and self.servers[0].sockets:
                    host, port = self.servers[0].sockets[0].getsockname()[:2]
                    print(f"persistguard reference app on http://{host}:{port}", flush=True)
                    print(
                        f"  database: {redact_url(db_url)} ({server.provider})",
                        flush=True,
                    )
                    print("  press Ctrl-C to stop; everything created is dropped", flush=True)

        config = uvicorn.Config(
            app, host=args.host, port=args.port, log_level="warning", lifespan="on"
        )
        AnnouncingServer(config).run(sockets=[listener])
    finally:
        listener.close()
        release(server)
        print("persistguard serve: stopped", file=sys.stderr, flush=True)
    return 0


def listen(host: str, port: int) -> socket.socket:
    """A socket bound and listening on `host:port`, or a one-line `HarnessError` naming it."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise HarnessError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise HarnessError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.set_inheritable(True)
    return sock
