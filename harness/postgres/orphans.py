"""Clusters left running by a harness process that was killed (`kill -9`, a crash, OOM).

Each cluster the harness starts lives in `<tmp>/<prefix>XXXX/` with the data
directory in `data/` and the owning process id in `owner.pid`. A later start
stops the postmaster of any such folder whose owner is gone and removes it,
just as leftover databases are swept from a server.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

from harness.postgres.naming import pid_alive

logger = logging.getLogger(__name__)

OWNER_FILE = "owner.pid"
DATA_DIR = "data"


def new_cluster_folder(prefix: str) -> Path:
    """A fresh folder owned by this process; the cluster goes in its `data/`."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)  # postgres may run as another account (under root) and must enter
    (folder / OWNER_FILE).write_text(str(os.getpid()))
    return folder


def _stop_postmaster(data: Path, timeout: float = 10.0) -> None:
    try:
        pid = int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return
    try:
        os.kill(pid, signal.SIGQUIT)  # immediate shutdown: nothing in it is worth keeping
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def sweep_clusters(prefix: str) -> list[Path]:
    """Stop and remove clusters under `prefix` whose owning process is dead; return them."""
    swept = []
    for folder in Path(tempfile.gettempdir()).glob(prefix + "*"):
        try:
            owner = int((folder / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue  # not ours, or still being created
        if owner == os.getpid() or pid_alive(owner):
            continue
        _stop_postmaster(folder / DATA_DIR)
        shutil.rmtree(folder, ignore_errors=True)
        swept.append(folder)
        logger.info("removed the cluster a killed run left in %s", folder)
    return swept
