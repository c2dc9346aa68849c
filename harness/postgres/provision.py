"""Choose and start a PostgreSQL provider, in the documented order unless told.

Order: explicit URL, embedded wheel, Docker, local binaries. When all fail the
error is one line that names every attempt, so the fix is obvious.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from harness.errors import ProvisioningError
from harness.postgres.base import PostgresServer
from harness.postgres.orphans import remove_abandoned
from harness.redaction import scrub

logger = logging.getLogger(__name__)

PROVIDERS = ("url", "embedded", "docker", "local")
URL_VARIABLES = ("PERSISTGUARD_PG_URL", "DATABASE_URL")


@dataclass(frozen=True)
class PostgresChoice:
    """What the user asked for: an explicit URL and/or a provider name (`auto` = try in order)."""

    url: str | None = None
    provider: str = "auto"
    url_source: str = "--pg-url"

    @classmethod
    def from_env(
        cls,
        url: str | None = None,
        provider: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> PostgresChoice:
        """Fill unset flags from PERSISTGUARD_PG_URL, DATABASE_URL, PERSISTGUARD_PG_PROVIDER."""
        env = os.environ if environ is None else environ
        source = "--pg-url"
        if not url:
            for name in URL_VARIABLES:
                if env.get(name):
                    url, source = env[name], name
                    break
        provider = provider or env.get("PERSISTGUARD_PG_PROVIDER") or "auto"
        if provider not in ("auto", *PROVIDERS):
            raise ProvisioningError(
                f"unknown PostgreSQL provider `{provider}` (expected: auto, {', '.join(PROVIDERS)})"
            )
        return cls(url=url or None, provider=provider, url_source=source)


def _start(name: str, choice: PostgresChoice) -> PostgresServer:
    if name == "url":
        from harness.postgres.url import connect_url

        if not choice.url:
            raise ProvisioningError("--pg-url not set")
        return connect_url(choice.url)
    if name == "embedded":
        from harness.postgres.embedded import start_embedded

        return start_embedded()
    if name == "docker":
        from harness.postgres.docker import start_docker

        return start_docker()
    from harness.postgres.local import start_local

    return start_local()


_LABELS = {
    "url": "url",
    "embedded": "embedded provider failed",
    "docker": "docker",
    "local": "local",
}


def provision(choice: PostgresChoice | None = None) -> PostgresServer:
    """Return a running server; everything it creates is dropped at exit, Ctrl-C included."""
    choice = choice or PostgresChoice.from_env()
    if choice.provider != "auto":
        order: tuple[str, ...] = (choice.provider,)
    elif choice.url:
        order = ("url",)  # an explicit URL is a decision, not a hint: no silent fallback
    else:
        order = PROVIDERS
    attempts: list[str] = []
    for name in order:
        try:
            server = _start(name, choice)
        except ProvisioningError as exc:
            attempts.append(_describe_failure(name, str(exc), choice))
            continue
        track(server)
        try:
            swept = server.sweep_orphans()
        except ProvisioningError:
            swept = []
        if swept:
            logger.info("swept %d leftover database(s): %s", len(swept), ", ".join(swept))
        return server
    remedy = ""
    if len(order) > 1:
        remedy = " (to fix: pass --pg-url / set PERSISTGUARD_PG_URL to a running server)"
    raise ProvisioningError("no PostgreSQL: " + "; ".join(attempts) + remedy)


def _describe_failure(name: str, reason: str, choice: PostgresChoice) -> str:
    if name == "url":
        return reason if not choice.url else f"{choice.url_source}: {scrub(reason, choice.url)}"
    if name == "embedded":
        return f"embedded provider failed: {reason}"
    return reason


# -- cleanup at exit -----------------------------------------------------------------

_live: list[PostgresServer] = []
_live_lock = threading.Lock()
_stopped: set[int] = set()


def track(server: PostgresServer) -> None:
    """Remember `server` so that exit (normal, exception or Ctrl-C) stops it."""
    with _live_lock:
        _live.append(server)


def release(server: PostgresServer) -> None:
    """Stop `server` once: drop what it created and stop what its provider started."""
    with _live_lock:
        if id(server) in _stopped:
            return
        _stopped.add(id(server))
        if server in _live:
            _live.remove(server)
    server.stop()


def release_all() -> None:
    """Stop every tracked server, then remove clusters whose start was cut short (atexit too)."""
    with _live_lock:
        servers = list(reversed(_live))
    for server in servers:
        try:
            release(server)
        except Exception:
            logger.exception("could not release %r", server)
    remove_abandoned()


atexit.register(release_all)


def on_stop(callback: Callable[[], None]) -> None:
    """Run `callback` at exit too (for helpers that own other resources, e.g. servers)."""
    atexit.register(callback)
