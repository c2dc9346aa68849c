"""What one pytest process shares: the resolved config, one PostgreSQL server, one template.

Fixtures and scenario items both draw from here, so a run that mixes them
starts one server (per xdist worker), not one per kind of test.
"""

from __future__ import annotations

import pytest

from harness.postgres import PostgresServer, provision, release
from harness.pytest.options import HarnessConfig
from harness.replay import ReferenceBackend

CONFIG_KEY = pytest.StashKey[HarnessConfig]()
_SERVER = pytest.StashKey[PostgresServer]()
_BACKEND = pytest.StashKey[ReferenceBackend]()


def session_server(config: pytest.Config) -> PostgresServer:
    """The process's server, provisioned on first use (raises ProvisioningError)."""
    if _SERVER not in config.stash:
        config.stash[_SERVER] = provision(config.stash[CONFIG_KEY].postgres)
    return config.stash[_SERVER]


def session_backend(config: pytest.Config) -> ReferenceBackend:
    """The reference schema's template on the process's server, built on first use."""
    if _BACKEND not in config.stash:
        config.stash[_BACKEND] = ReferenceBackend(session_server(config))
    return config.stash[_BACKEND]


def release_session(config: pytest.Config) -> None:
    """Release the server, if one was made: the template and any clone left go with it.

    One `release` drops them side by side; an interrupted run (SIGTERM, Ctrl-C,
    an xdist worker told to stop) has seconds, not minutes.
    """
    if _BACKEND in config.stash:
        del config.stash[_BACKEND]
    server = config.stash.get(_SERVER, None)
    if server is not None:
        del config.stash[_SERVER]
        release(server)
