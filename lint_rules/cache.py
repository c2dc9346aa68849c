"""The on-disk cache: per-file results and index facts, as signed JSON, outside the project.

Trusted only if it is ours. It lives in the user's cache folder
(`$PERSISTGUARD_CACHE_DIR`, else the platform's, e.g. `~/.cache/persistguard`),
one folder per project root, so a cache committed to or planted in a
repository is never read. Every entry is data (JSON, rebuilt by `serial.py`,
never unpickled) and carries an HMAC made with a per-user key (created 0600
beside the cache), so an entry that was not written by this user's linter is a
miss. Keys cover the file content, config, index and linter source: a stale
entry is never read, because changing any input changes the key.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

import platformdirs

from lint_rules.serial import from_data, to_data
from lint_rules.violation import Violation

T = TypeVar("T")
ENV_VAR = "PERSISTGUARD_CACHE_DIR"
KEY_FILE = "hmac.key"
_MAC_BYTES = 64  # hex digits of a SHA-256 HMAC


def key(*parts: str) -> str:
    """A stable key for the given inputs."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def default_cache_dir() -> Path:
    """`$PERSISTGUARD_CACHE_DIR`, else the platform's user cache folder for persistguard."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("persistguard", appauthor=False))


@functools.cache
def code_fingerprint() -> str:
    """Hash of the linter's own source: editing a rule invalidates what it cached."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Cache:
    """A folder of small signed files; every write is atomic (temp file + rename).

    Any problem (no home folder, read-only disk, a foreign or damaged entry)
    makes the cache a miss, never an error: the run is just slower.
    """

    def __init__(self, root: Path, enabled: bool = True, folder: Path | None = None) -> None:
        self.base = folder if folder is not None else default_cache_dir()
        project = hashlib.sha256(os.fsencode(os.path.realpath(root))).hexdigest()[:24]
        self.folder = self.base / "projects" / project
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self._secret: bytes | None = None

    # -- signed storage ----------------------------------------------------------------------

    def _key(self) -> bytes | None:
        """The per-user HMAC key, created on first use (0600, in a 0700 folder)."""
        if self._secret is None:
            self._secret = _load_or_create_key(self.base / KEY_FILE)
        return self._secret or None

    def _mac(self, secret: bytes, kind: str, name: str, payload: bytes) -> bytes:
        message = kind.encode() + b"\0" + name.encode() + b"\0" + payload
        return hmac.new(secret, message, hashlib.sha256).hexdigest().encode()

    def _path(self, kind: str, name: str) -> Path:
        return self.folder / kind / name[:2] / name

    def _read(self, kind: str, name: str) -> object | None:
        if not self.enabled:
            return None
        secret = self._key()
        try:
            data = self._path(kind, name).read_bytes() if secret else b""
        except OSError:
            data = b""
        mac, payload = data[:_MAC_BYTES], data[_MAC_BYTES + 1 :]
        if not secret or not hmac.compare_digest(mac, self._mac(secret, kind, name, payload)):
            self.misses += 1
            return None
        try:
            value: object = json.loads(payload)
        except ValueError:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def _write(self, kind: str, name: str, value: object) -> None:
        secret = self._key() if self.enabled else None
        if secret is None:
            return
        payload = json.dumps(value, separators=(",", ":")).encode()
        data = self._mac(secret, kind, name, payload) + b"\n" + payload
        path = self._path(kind, name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except OSError:
            return  # a read-only home still lints, just without a cache

    # -- what is stored --------------------------------------------------------------------

    def get_data(self, kind: str, name: str) -> object | None:
        """A signed JSON value (the caller checks its shape), or `None`."""
        return self._read(kind, name)

    def put_data(self, kind: str, name: str, value: object) -> None:
        """Store a JSON value."""
        self._write(kind, name, value)

    def get_violations(self, name: str) -> list[Violation] | None:
        """Cached findings for a file, or `None`."""
        data = self._read("results", name)
        if not isinstance(data, list):
            return None
        try:
            return [from_data(Violation, item) for item in data]
        except ValueError:
            return None

    def put_violations(self, name: str, violations: Sequence[Violation]) -> None:
        """Store the findings for a file."""
        if self.enabled:  # `--no-cache` pays nothing for the data form
            self._write("results", name, [to_data(v) for v in violations])

    def get_facts(self, name: str, cls: type[T]) -> T | None:
        """A cached frozen dataclass of type `cls` (checked field by field), or `None`."""
        data = self._read("facts", name)
        if data is None:
            return None
        try:
            return from_data(cls, data)
        except ValueError:
            return None

    def put_facts(self, name: str, value: object) -> None:
        """Store a frozen dataclass (see `serial.py` for the field types it may use)."""
        if self.enabled:
            self._write("facts", name, to_data(value))


def _load_or_create_key(path: Path) -> bytes:
    """The key at `path`, created if absent; `b""` (no cache) when it cannot be had safely."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            # written whole under a temporary name, then linked into place: a reader
            # never sees a half-written key, and of two racing creators one wins
            fd, tmp = tempfile.mkstemp(dir=path.parent)  # mode 0600
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(secrets.token_bytes(32))
                os.link(tmp, path)
            except FileExistsError:
                pass
            finally:
                os.unlink(tmp)
        info = path.lstat()
        secret = path.read_bytes()
    except OSError:
        return b""
    private = os.name != "posix" or not info.st_mode & 0o077
    # a key that others could read, or that is not a plain 32-byte file, is no secret
    if not private or not stat.S_ISREG(info.st_mode) or len(secret) != 32:
        return b""
    return secret
