"""Names of the databases the harness creates, and how to tell leftovers.

Every name carries this host and this process id, so a later run can tell a
database left by a crashed run (same host, process gone) from one that a
concurrent run is still using, and sweep only the former.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import socket

PREFIX = "persistguard"
_counter = itertools.count(1)
_NAME = re.compile(rf"^{PREFIX}_(?P<host>[0-9a-f]{{6}})_(?P<pid>\d+)_")


def host_tag() -> str:
    """Six hex digits identifying this machine (PIDs only mean something on their host)."""
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:6]


def worker_id() -> str:
    """The pytest-xdist worker id (`gw0`, ...), or `main` outside xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def database_name(purpose: str) -> str:
    """A fresh, unique, sweepable name: `persistguard_<host>_<pid>_<purpose>_<worker>_<n>`."""
    clean = re.sub(r"[^a-z0-9]+", "_", purpose.lower()).strip("_")[:20] or "db"
    return f"{PREFIX}_{host_tag()}_{os.getpid()}_{clean}_{worker_id()}_{next(_counter)}"


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_ours_and_orphaned(name: str) -> bool:
    """Whether `name` was made by a harness process on this host that no longer runs."""
    match = _NAME.match(name)
    if match is None or match["host"] != host_tag():
        return False
    pid = int(match["pid"])
    return pid != os.getpid() and not pid_alive(pid)
