"""One file never sinks the run: parse and analyse on a deep stack, turn exhaustion into ORM000.

Valid Python can defeat a recursive analysis: a 400-term sum or a 150-deep
list exhausts Python's default recursion limit, and recursion through C code
can overflow the C stack, which kills the process (a segfault cannot be
caught). So each file is parsed (by CPython, which fails cleanly) and
analysed in a thread with a `STACK_BYTES` stack and a `RECURSION_LIMIT`
recursion limit: deep but sane code is linted (a 10,000-term sum takes about
a second), and a file that still exhausts the parser, the recursion limit or
memory is ORM000 for that file only. The analysis gets the tree parsed here,
so the guard costs no second parse.
"""

from __future__ import annotations

import ast
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from lint_rules.violation import Violation

T = TypeVar("T")
STACK_BYTES = 512 * 1024 * 1024
RECURSION_LIMIT = 40_000
SYNTAX_ERROR = "ORM000"

_limit_lock = threading.Lock()
_limit_users = 0
_saved_limit = 0


class TooComplex(Exception):
    """The file is valid Python the linter cannot analyse safely; the message says why."""


def parse(source: str, path: str = "<check>") -> ast.Module | None:
    """CPython's tree of `source` (on a deep stack), `None` if it does not parse.

    Raises `TooComplex` when even CPython's parser runs out of stack or memory.
    """
    try:
        return run_deep(lambda: _parse_quietly(source, path))
    except (SyntaxError, ValueError):
        return None  # the analysis reports the syntax error itself (ORM000)
    except (RecursionError, MemoryError) as exc:
        reason = f"nested too deeply for Python's own parser ({type(exc).__name__})"
        raise TooComplex(reason) from exc


def _parse_quietly(source: str, path: str) -> ast.Module:
    """CPython's tree of `source`; its warnings (invalid escapes...) are not ours to print."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source, filename=path, type_comments=False)


def run_deep(function: Callable[[], T]) -> T:
    """`function()` in a thread with a deep stack and a high recursion limit; re-raises."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(function())
        except BaseException as exc:  # handed to the caller's thread unchanged
            failure.append(exc)

    with _deep_settings():
        worker = threading.Thread(target=target, name="persistguard-deep", daemon=True)
        worker.start()
        worker.join()
    if failure:
        raise failure[0]
    return outcome[0]


def check_guarded(
    check: Callable[[str, ast.Module | None], list[Violation]], source: str, path: str
) -> list[Violation]:
    """Run `check(source, tree)` so that no file can crash or abort the run.

    `tree` is CPython's tree of `source` (parsed once, here), or `None` when
    it does not parse: `check` then reports the syntax error.
    """
    try:
        tree = parse(source, path)
        return run_deep(lambda: check(source, tree))
    except TooComplex as exc:
        return [cannot_analyse(path, str(exc))]
    except (RecursionError, MemoryError) as exc:
        return [cannot_analyse(path, f"nested too deeply ({type(exc).__name__})")]


def guarded(extract: Callable[[], T], fallback: Callable[[str], T]) -> T:
    """`extract()` with a deep stack; `fallback(reason)` if it still runs out of stack or memory.

    For the index pass: a file that cannot be surveyed loses only its own facts.
    """
    try:
        return run_deep(extract)
    except (RecursionError, MemoryError) as exc:
        return fallback(f"nested too deeply to analyse ({type(exc).__name__})")


def cannot_analyse(path: str, reason: str) -> Violation:
    """ORM000 for a file the linter could not analyse, saying why."""
    return Violation(SYNTAX_ERROR, "syntax-error", f"cannot analyse: {reason}", path, 1, 1, 1, 1)


@contextmanager
def _deep_settings() -> Iterator[None]:
    """New threads get `STACK_BYTES`; the recursion limit is raised while any deep call runs.

    Both settings are process-wide, so they are restored when the last
    guarded call ends (a counter, for callers on several threads).
    """
    global _limit_users, _saved_limit
    with _limit_lock:
        if _limit_users == 0:
            _saved_limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_saved_limit, RECURSION_LIMIT))
        _limit_users += 1
        old_stack = threading.stack_size(STACK_BYTES)
    try:
        yield
    finally:
        with _limit_lock:
            threading.stack_size(old_stack)
            _limit_users -= 1
            if _limit_users == 0:
                sys.setrecursionlimit(_saved_limit)
