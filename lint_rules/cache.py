"""On-disk cache in `.persistguard_cache/`: per-file results keyed by everything they depend on.

Keyed by content hash + config hash + index hash + linter version, so a stale
entry is never read: changing any input changes the key.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from lint_rules.violation import Violation

CACHE_DIR = ".persistguard_cache"


def key(*parts: str) -> str:
    """A stable key for the given inputs."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class Cache:
    """A directory of small files; every write is atomic (temp file + rename)."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.folder = root / CACHE_DIR
        self.enabled = enabled
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, name: str) -> Path:
        return self.folder / kind / name[:2] / name

    def _read(self, kind: str, name: str) -> bytes | None:
        if not self.enabled:
            return None
        try:
            data = self._path(kind, name).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def _write(self, kind: str, name: str, data: bytes) -> None:
        if not self.enabled:
            return
        path = self._path(kind, name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except OSError:
            return  # a read-only checkout still lints, just without a cache

    def get_violations(self, name: str) -> list[Violation] | None:
        """Cached findings for a file, or `None`."""
        data = self._read("results", name)
        if data is None:
            return None
        try:
            return [Violation.from_dict(v) for v in json.loads(data)]
        except (ValueError, KeyError, TypeError):
            return None

    def put_violations(self, name: str, violations: list[Violation]) -> None:
        """Store the findings for a file."""
        self._write("results", name, json.dumps([v.to_dict() for v in violations]).encode())

    def get_object(self, name: str) -> Any:
        """A cached index fact (pickled), or `None`."""
        data = self._read("facts", name)
        if data is None:
            return None
        try:
            return pickle.loads(data)
        except Exception:
            return None

    def put_object(self, name: str, value: Any) -> None:
        """Store an index fact."""
        self._write("facts", name, pickle.dumps(value))
