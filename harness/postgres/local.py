"""Provider that builds an ephemeral cluster with local `initdb`/`pg_ctl` binaries.

PostgreSQL refuses to run as root, so under root the cluster is owned by and
run as an unprivileged account (`postgres` if it exists, else `nobody`).
"""

from __future__ import annotations

import logging
import os
import pwd
import shutil
import socket
import subprocess
from pathlib import Path

from harness.errors import ProvisioningError
from harness.postgres.base import PostgresServer
from harness.postgres.orphans import DATA_DIR, new_cluster_folder, remove_cluster, sweep_clusters

PREFIX = "persistguard-local-"

logger = logging.getLogger(__name__)


def find_bindir() -> Path | None:
    """Folder holding `initdb` and `pg_ctl`: PATH first, then `pg_config --bindir`."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=10
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
        if (Path(out) / "initdb").exists() and (Path(out) / "pg_ctl").exists():
            return Path(out)
    return None


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise ProvisioningError("running as root and no unprivileged `postgres` or `nobody` account")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalServer(PostgresServer):
    """A cluster in a temporary folder, listening on 127.0.0.1 and a private socket."""

    provider = "local"

    def __init__(self, admin_url: str, bindir: Path, folder: Path, user: str | None) -> None:
        super().__init__(admin_url)
        self._bindir = bindir
        self.folder = folder
        self._user = user

    def _shutdown(self) -> None:
        try:
            _run(
                self._user,
                [
                    str(self._bindir / "pg_ctl"),
                    "-D",
                    str(self.folder / DATA_DIR),
                    "-m",
                    "fast",
                    "-w",
                    "stop",
                ],
            )
        except ProvisioningError:
            logger.exception("could not stop the local PostgreSQL in %s", self.folder)
        remove_cluster(self.folder)


def _run(user: str | None, argv: list[str]) -> None:
    if user is not None:
        runuser = shutil.which(
            "runuser", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
        )
        if runuser is None:
            raise ProvisioningError("running as root and no `runuser` to drop privileges")
        argv = [runuser, "-u", user, "--", *argv]
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ProvisioningError(f"{argv[0]}: {exc}") from exc
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()
        raise ProvisioningError(
            f"{Path(argv[-1]).name} failed: {tail[-1] if tail else proc.returncode}"
        )


def start_local() -> LocalServer:
    """initdb + pg_ctl start in a temp folder; raise ProvisioningError naming what failed."""
    bindir = find_bindir()
    if bindir is None:
        raise ProvisioningError("no initdb on PATH or via `pg_config --bindir`")
    user = _run_as()
    sweep_clusters(PREFIX)
    folder = new_cluster_folder(PREFIX)
    data, sockdir = folder / DATA_DIR, folder / "sock"
    sockdir.mkdir()
    if user is not None:
        entry = pwd.getpwnam(user)
        for path in (folder, sockdir):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    try:
        _run(
            user,
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "-A",
                "trust",
            ],
        )
        _run(
            user,
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(folder / "log"),
                "-w",
                "-o",
                f"-p {port} -k {sockdir} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ],
        )
    except BaseException:  # Ctrl-C and SIGTERM included: a postmaster may be up already
        remove_cluster(folder)
        raise
    return LocalServer(f"postgresql://postgres@127.0.0.1:{port}/postgres", bindir, folder, user)
