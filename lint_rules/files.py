"""Which files to look at: Python files under the given paths, minus `.gitignore` and `exclude`.

Folders that hold someone else's code are skipped by default: virtual
environments (any folder with a `pyvenv.cfg`), `site-packages`, tox/nox/egg
folders, caches and build output. A project with a 1,000-file virtualenv inside
then lints as fast as one without. Folder symlinks are not followed (no loops,
no walking out of the project); a file symlink is kept and its target read
later, so a dangling or looping link is reported for that file alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

ALWAYS_SKIPPED = frozenset(
    {
        ".eggs",
        ".git",
        ".hg",
        ".mypy_cache",
        ".nox",
        ".persistguard_cache",  # where earlier versions kept their cache
        ".pytest_cache",
        ".ruff_cache",
        ".svn",
        ".tox",
        ".venv",
        "__pycache__",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        "venv",
    }
)
#: a folder holding this file is a virtual environment (PEP 405), whatever its name
VENV_MARKER = "pyvenv.cfg"
SUFFIXES = (".py", ".pyi")


@dataclass(frozen=True)
class Listing:
    """The files to lint (absolute, links kept, sorted) and the given paths that do not exist."""

    files: tuple[Path, ...] = ()
    missing: tuple[Path, ...] = field(default=())


class FileFilter:
    """`.gitignore` files (root and nested) plus the config's `exclude` globs, relative to root."""

    def __init__(self, root: Path, exclude: Iterable[str] = ()) -> None:
        self.root = Path(os.path.realpath(root))
        self.exclude = pathspec.GitIgnoreSpec.from_lines(list(exclude))
        self._ignores: dict[Path, pathspec.GitIgnoreSpec | None] = {}

    def _spec(self, folder: Path) -> pathspec.GitIgnoreSpec | None:
        if folder not in self._ignores:
            ignore = folder / ".gitignore"
            spec = None
            if ignore.is_file():
                try:
                    text = ignore.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    text = ""
                spec = pathspec.GitIgnoreSpec.from_lines(text.splitlines())
            self._ignores[folder] = spec
        return self._ignores[folder]

    def ignored(self, path: Path, is_dir: bool) -> bool:
        """Is `path` (where it sits in the tree, links not followed) excluded?"""
        try:
            relative = path.relative_to(self.root)
        except ValueError:
            return False
        suffix = "/" if is_dir else ""
        if self.exclude.match_file(relative.as_posix() + suffix):
            return True
        for part in (Path(), *relative.parents[::-1][1:]):
            folder = self.root / part
            spec = self._spec(folder)
            if spec is not None and spec.match_file(path.relative_to(folder).as_posix() + suffix):
                return True
        return False


def python_files(paths: Iterable[Path], root: Path, exclude: Iterable[str] = ()) -> Listing:
    """Python files under `paths`; files given explicitly are kept even if ignored.

    A file reached twice (given twice, or through a link) is listed once,
    under the first of its paths in sorted order.
    """
    matcher = FileFilter(root, exclude)
    found: dict[str, Path] = {}
    missing: list[Path] = []
    for path in paths:
        absolute = Path(os.path.abspath(path))
        if absolute.is_dir():
            candidates: Iterable[Path] = _walk(Path(os.path.realpath(absolute)), matcher)
        elif os.path.lexists(absolute):  # a file, a FIFO, a dangling link: reading says which
            candidates = [absolute]
        else:
            missing.append(path)
            continue
        for candidate in candidates:
            real = os.path.realpath(candidate)  # never raises, even on a link loop
            if real not in found or candidate < found[real]:
                found[real] = candidate
    return Listing(tuple(sorted(found.values())), tuple(missing))


def is_environment(folder: Path) -> bool:
    """Someone else's installed code: a virtual environment or a `site-packages`."""
    return folder.name in ALWAYS_SKIPPED or (folder / VENV_MARKER).is_file()


def _walk(folder: Path, matcher: FileFilter) -> Iterator[Path]:
    for current, dirs, names in os.walk(folder, followlinks=False):
        here = Path(current)
        dirs[:] = sorted(
            d
            for d in dirs
            if not is_environment(here / d) and not matcher.ignored(here / d, is_dir=True)
        )
        for name in sorted(names):
            if name.endswith(SUFFIXES) and not matcher.ignored(here / name, is_dir=False):
                yield here / name
