"""Provider that runs PostgreSQL in a container via testcontainers, where Docker answers."""

from __future__ import annotations

import logging
import os
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


def docker_unavailable_reason() -> str | None:
    """Why Docker cannot be used here (None when an engine answers)."""
    try:
        import docker
    except ImportError:
        return "testcontainers is not installed (pip install 'persistguard[docker]')"
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    try:
        client = docker.from_env()
        client.ping()
        client.close()
    except Exception:
        return f"no Docker engine at {host}"
    return None


def start_docker(image: str | None = None) -> DockerServer:
    """Start a container from the pinned image and return its server."""
    reason = docker_unavailable_reason()
    if reason is not None:
        raise ProvisioningError(reason)
    from testcontainers.postgres import PostgresContainer

    container = PostgresContainer(
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
