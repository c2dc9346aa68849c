"""Which files to look at: Python files under the given paths, minus `.gitignore` and `exclude`."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pathspec

ALWAYS_SKIPPED = frozenset(
    {
        ".git",
        ".hg",
        ".venv",
        "venv",
        "__pycache__",
        ".persistguard_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".tox",
        "node_modules",
        "build",
        "dist",
    }
)


class FileFilter:
    """`.gitignore` files (root and nested) plus the config's `exclude` globs, relative to root."""

    def __init__(self, root: Path, exclude: Iterable[str] = ()) -> None:
        self.root = root.resolve()
        self.exclude = pathspec.GitIgnoreSpec.from_lines(list(exclude))
        self._ignores: dict[Path, pathspec.GitIgnoreSpec | None] = {}

    def _spec(self, folder: Path) -> pathspec.GitIgnoreSpec | None:
        if folder not in self._ignores:
            ignore = folder / ".gitignore"
            spec = None
            if ignore.is_file():
                lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
                spec = pathspec.GitIgnoreSpec.from_lines(lines)
            self._ignores[folder] = spec
        return self._ignores[folder]

    def ignored(self, path: Path) -> bool:
        """Is `path` excluded by config or by a `.gitignore` between root and it?"""
        path = path.resolve()
        try:
            relative = path.relative_to(self.root)
        except ValueError:
            return False
        suffix = "/" if path.is_dir() else ""
        if self.exclude.match_file(relative.as_posix() + suffix):
            return True
        folder = self.root
        for part in (Path(), *relative.parents[::-1][1:]):
            folder = self.root / part
            spec = self._spec(folder)
            if spec is not None and spec.match_file(path.relative_to(folder).as_posix() + suffix):
                return True
        return False


def python_files(paths: Iterable[Path], root: Path, exclude: Iterable[str] = ()) -> list[Path]:
    """Python files under `paths` (files given explicitly are kept even if ignored), sorted."""
    matcher = FileFilter(root, exclude)
    found: set[Path] = set()
    for path in paths:
        if path.is_file():
            found.add(path.resolve())
        elif path.is_dir():
            found.update(_walk(path.resolve(), matcher))
    return sorted(found)


def _walk(folder: Path, matcher: FileFilter) -> Iterator[Path]:
    for current, dirs, names in os.walk(folder):
        here = Path(current)
        dirs[:] = sorted(
            d for d in dirs if d not in ALWAYS_SKIPPED and not matcher.ignored(here / d)
        )
        for name in sorted(names):
            if name.endswith((".py", ".pyi")) and not matcher.ignored(here / name):
                yield here / name
