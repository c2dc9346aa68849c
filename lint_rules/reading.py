"""Read a Python file as CPython would (PEP 263 encoding, BOM, newlines kept), or say why not.

Only regular files are read: a FIFO named `x.py` would block the run forever
and a symlink to `/dev/zero` would read until memory runs out. Files larger
than `MAX_BYTES` are reported rather than read. The text keeps its newlines
and `SourceFile.encode` gives back the exact bytes, so `fix` changes only what
its edits change (CRLF stays CRLF, a BOM stays).
"""

from __future__ import annotations

import io
import os
import stat
import tokenize
from dataclasses import dataclass
from pathlib import Path

from lint_rules.violation import Violation

#: larger files are reported (E902), not read: no hand-written module is this big
MAX_BYTES = 10 * 1024 * 1024
IO_ERROR = "E902"


@dataclass(frozen=True)
class SourceFile:
    """A file's text and how to turn the text back into the file's bytes."""

    text: str
    encoding: str  # as `tokenize.detect_encoding` names it: `utf-8-sig` when there is a BOM

    def encode(self, text: str) -> bytes:
        """`text` in this file's encoding (and BOM); `UnicodeEncodeError` if it cannot be."""
        return text.encode(self.encoding)


@dataclass(frozen=True)
class ReadError:
    """Why a file could not be read, as one line for the report."""

    reason: str

    def violation(self, path: str) -> Violation:
        """The finding that reports it (as ruff's E902)."""
        return io_error(path, self.reason)


def io_error(path: str, reason: str) -> Violation:
    """An `E902 io-error` finding at the top of `path`."""
    return Violation(IO_ERROR, "io-error", reason, path, 1, 1, 1, 1)


def read_source(path: Path) -> SourceFile | ReadError:
    """The decoded text of a regular file, or the reason it cannot be linted."""
    try:
        data = read_regular(path)
    except OSError as exc:
        return ReadError(f"cannot read: {exc.strerror or exc}")
    except _NotRegular as exc:
        return ReadError(str(exc))
    return decode(data)


def decode(data: bytes) -> SourceFile | ReadError:
    """Decode as the interpreter does: a BOM or a `# -*- coding: ... -*-` line, else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except SyntaxError as exc:  # an unknown or conflicting coding declaration
        return ReadError(f"cannot decode: {exc}")
    except (UnicodeDecodeError, LookupError) as exc:
        return ReadError(f"cannot decode as {_declared(data)}: {exc}")
    return SourceFile(text, encoding)


def read_regular(path: Path) -> bytes:
    """The bytes of `path` if it is a regular file of at most `MAX_BYTES` (symlinks followed)."""
    _check(os.stat(path), path)
    # O_NONBLOCK: if the file was swapped for a FIFO after the stat, open does not hang
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        _check(os.fstat(fd), path)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:  # it grew after the stat
        raise _NotRegular(f"file too large (limit {MAX_BYTES // 1024 // 1024} MB)")
    return data


class _NotRegular(Exception):
    """The path is not something to read (a FIFO, a device, a folder, too big)."""


def _check(info: os.stat_result, path: Path) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise _NotRegular(f"not a regular file ({_kind(info.st_mode)})")
    if info.st_size > MAX_BYTES:
        size = info.st_size / 1024 / 1024
        raise _NotRegular(f"file too large ({size:.1f} MB, limit {MAX_BYTES // 1024 // 1024} MB)")


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a file"


def _declared(data: bytes) -> str:
    try:
        return tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except SyntaxError:
        return "utf-8"


def write_source(path: Path, source: SourceFile, text: str) -> None:
    """Write `text` back in the file's own encoding, in place (links and permissions kept)."""
    path.write_bytes(source.encode(text))
