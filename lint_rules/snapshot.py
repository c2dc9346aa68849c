"""What the project's files hold now, read only where they changed since the last run.

A warm run should not pay for reading the whole project: the manifest (one
signed cache entry per project) remembers, for every file, its size, mtime,
content digest and whether it can declare index facts. A file whose size and
mtime still match is taken from the manifest unread, as ruff and git do; a file
modified within `RACY_SECONDS` of the manifest being written is read anyway
(its mtime cannot tell a second edit in the same tick).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from lint_rules.cache import Cache, key
from lint_rules.reading import ReadError, SourceFile, read_source

#: words without which a file declares no model, JSON type, session factory or summary worth keeping
FACT_WORDS = re.compile(
    r"sqlalchemy|sqlmodel|Column\(|mapped_column|__tablename__|declarative|flag_modified"
    r"|[sS]ession|commit|create_task|ensure_future|add_task|apply_async|\.delay\("
    r"|run_in_executor|start_soon|enqueue|Thread\(|submit\(|shared_task|\.task\b|\bactor\b"
)
RACY_SECONDS = 2.0
_MANIFEST = "manifest"


@dataclass(frozen=True)
class FileState:
    """A file's content digest and whether it can declare facts for the index."""

    digest: str
    fact: bool


class Snapshot:
    """The files of one run: their states (from the manifest or read) and texts read so far."""

    def __init__(self, cache: Cache, root: Path) -> None:
        self.cache = cache
        self.root = os.path.realpath(root)
        self._old: dict[str, list[object]] = {}
        self._new: dict[str, list[object]] = {}
        self._texts: dict[Path, SourceFile | ReadError] = {}
        self._states: dict[Path, FileState | ReadError] = {}
        self._written = 0.0
        saved = cache.get_data(_MANIFEST, key(_MANIFEST, self.root))
        if isinstance(saved, dict) and isinstance(saved.get("files"), dict):
            self._old = saved["files"]
            written = saved.get("written")
            self._written = float(written) if isinstance(written, int | float) else 0.0
        self.read = 0

    def _name(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def state(self, path: Path) -> FileState | ReadError:
        """The file's digest and fact flag; read from disk only when the manifest is stale."""
        found = self._states.get(path)
        if found is not None:
            return found
        name = self._name(path)
        try:
            info = os.stat(path)
        except OSError:
            info = None
        entry = self._old.get(name)
        if (
            info is not None
            and isinstance(entry, list)
            and len(entry) == 4
            and entry[0] == info.st_size
            and entry[1] == info.st_mtime_ns
            and info.st_mtime_ns / 1e9 < self._written - RACY_SECONDS
            and isinstance(entry[2], str)
            and isinstance(entry[3], bool)
        ):
            found = FileState(entry[2], entry[3])
            self._new[name] = entry
        else:
            text = self.text(path)
            if isinstance(text, ReadError):
                found = text
            else:
                found = FileState(key(text.text), FACT_WORDS.search(text.text) is not None)
                if info is not None:
                    self._new[name] = [info.st_size, info.st_mtime_ns, found.digest, found.fact]
        self._states[path] = found
        return found

    def text(self, path: Path) -> SourceFile | ReadError:
        """The file's text (read once per run)."""
        found = self._texts.get(path)
        if found is None:
            found = read_source(path)
            self._texts[path] = found
            self.read += 1
        return found

    def replace(self, path: Path, text: str) -> None:
        """Use `text` for `path` (an editor's buffer, newer than the disk)."""
        self._texts[path] = SourceFile(text, "utf-8")
        self._states[path] = FileState(key(text), FACT_WORDS.search(text) is not None)

    def save(self) -> None:
        """Remember the states seen in this run for the next one (when anything changed)."""
        if self._new and self._new != {k: self._old.get(k) for k in self._new}:
            merged = {**self._old, **self._new}
            self.cache.put_data(
                _MANIFEST, key(_MANIFEST, self.root), {"files": merged, "written": time.time()}
            )
