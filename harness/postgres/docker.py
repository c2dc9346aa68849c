"""Provider that runs PostgreSQL in a container via testcontainers, where Docker answers."""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from harness.errors import ProvisioningError
from harness.postgres.base import PostgresServer

logger = logging.getLogger(__name__)

#: Pinned so runs are reproducible; override with PERSISTGUARD_PG_IMAGE.
DEFAULT_IMAGE = "postgres:17.6-alpine"


class DockerServer(PostgresServer):
    """A throwaway container; stopping removes it."""

    provider = "docker"

    def __init__(self, admin_url: str, container: Any) -> None:
        super().__init__(admin_url)
        self._container = container

    def _shutdown(self) -> None:
        try:
            self._container.stop()
        except Exception:
            logger.exception("could not stop the PostgreSQL container")


def _container_class() -> Any:
    """testcontainers' PostgresContainer, from its 4.14+ home or the older one."""
    try:
        from testcontainers.community.postgres import PostgresContainer
    except ImportError:
        from testcontainers.postgres import PostgresContainer
    return PostgresContainer


def _engine_answers(host: str, timeout: float = 2.0) -> bool:
    """`GET /_ping` on the engine's socket. Done by hand because docker-py leaks the
    socket when the engine is absent, which pytest (warnings as errors) reports."""
    if host.startswith("unix://"):
        family, address = socket.AF_UNIX, host.removeprefix("unix://")
    elif host.startswith(("tcp://", "http://")):
        hostport = host.split("://", 1)[1].rstrip("/")
        name, _, port = hostport.rpartition(":")
        family, address = socket.AF_INET, (name, int(port))  # type: ignore[assignment]
    else:
        return False
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(address)
            sock.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            return b" 200 " in sock.recv(64)
    except OSError:
        return False


def docker_unavailable_reason() -> str | None:
    """Why Docker cannot be used here (None when an engine answers)."""
    try:
        _container_class()
    except ImportError:
        return "testcontainers is not installed (pip install 'persistguard[docker]')"
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if not _engine_answers(host):
        return f"no Docker engine at {host}"
    return None


def start_docker(image: str | None = None) -> DockerServer:
    """Start a container from the pinned image and return its server."""
    reason = docker_unavailable_reason()
    if reason is not None:
        raise ProvisioningError(reason)
    container = _container_class()(
        image or os.environ.get("PERSISTGUARD_PG_IMAGE", DEFAULT_IMAGE),
        username="postgres",
        password="postgres",
        dbname="postgres",
        driver=None,
    )
    try:
        container.start()
    except Exception as exc:
        raise ProvisioningError(f"container failed to start: {exc}") from exc
    return DockerServer(container.get_connection_url(), container)
