"""One file never sinks the run: bound the parse, give it a deep stack, turn a crash into ORM000.

Valid Python can defeat a recursive parser or visitor: a 400-term sum or a
150-deep list exhausts Python's default recursion limit, and a 10,000-term
expression overflows the C stack inside libcst's native parser, which kills
the process (a segfault cannot be caught). So, for each file:

* CPython's own parser (which fails cleanly) reads it first; the depth of its
  tree is measured without recursion, and a file nested deeper than
  `MAX_DEPTH` is reported, not handed to libcst (measured in bench/: the check
  costs about a tenth of a libcst parse);
* the analysis runs in a thread with a `STACK_BYTES` stack and a raised
  recursion limit, so deep but sane code (the 400-term sum) is linted;
* `RecursionError` or `MemoryError` still raised is ORM000 for that file only;
* a file CPython accepts but libcst rejects (some mixes of tabs and spaces) is
  linted with its indentation expanded, never blamed as a syntax error.
"""

from __future__ import annotations

import ast
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TypeVar

from lint_rules.violation import Violation

T = TypeVar("T")
#: deeper trees are reported: libcst's parse time grows with the square of the depth
#: (about 2 s for a 1,000-deep chain) and its native parser overflows not far beyond
MAX_DEPTH = 1000
STACK_BYTES = 512 * 1024 * 1024
RECURSION_LIMIT = 40_000
SYNTAX_ERROR = "ORM000"

_limit_lock = threading.Lock()
_limit_users = 0
_saved_limit = 0


class TooComplex(Exception):
    """The file is valid Python the linter cannot analyse safely; the message says why."""


def depth(tree: ast.AST) -> int:
    """Nesting depth of `tree` as libcst will see it, measured without recursion.

    `a and b and c` is one node for CPython but a chain for libcst, so a
    boolean operation counts one level per operand.
    """
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, ast.BoolOp):
            level += len(node.values) - 2
        deepest = max(deepest, level)
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                stack.extend((item, level + 1) for item in value if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                stack.append((value, level + 1))
    return deepest


def precheck(source: str) -> bool:
    """Raise `TooComplex` if `source` is too deep to analyse; `False` if CPython rejects it."""
    try:
        tree = run_deep(lambda: _parse_quietly(source))
    except (SyntaxError, ValueError):
        return False  # the analysis reports the syntax error itself (ORM000)
    except (RecursionError, MemoryError) as exc:
        reason = f"nested too deeply for Python's own parser ({type(exc).__name__})"
        raise TooComplex(reason) from exc
    found = depth(tree)
    if found > MAX_DEPTH:
        raise TooComplex(f"nested {found} levels deep (the limit is {MAX_DEPTH})")
    return True


def _parse_quietly(source: str) -> ast.AST:
    """CPython's tree of `source`; its warnings (invalid escapes...) are not ours to print."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return compile(source, "<check>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)


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
    check: Callable[[str], list[Violation]], source: str, path: str
) -> list[Violation]:
    """Run `check(source)` so that no file can crash or abort the run (see the module doc)."""
    try:
        valid = precheck(source)
        found = run_deep(lambda: check(source))
        if valid and any(v.code == SYNTAX_ERROR for v in found):
            found = _with_expanded_indentation(check, source, path)
    except TooComplex as exc:
        return [cannot_analyse(path, str(exc))]
    except (RecursionError, MemoryError) as exc:
        return [cannot_analyse(path, f"nested too deeply ({type(exc).__name__})")]
    return found


def guarded(extract: Callable[[str], T | None], source: str) -> T | None:
    """`extract(source)` under the same guard, or `None` when the file is too complex.

    For index facts: a file that cannot be indexed only loses its own facts.
    """
    try:
        precheck(source)
        return run_deep(lambda: extract(source))
    except (TooComplex, RecursionError, MemoryError):
        return None


def cannot_analyse(path: str, reason: str) -> Violation:
    """ORM000 for a file the linter could not analyse, saying why."""
    return Violation(SYNTAX_ERROR, "syntax-error", f"cannot analyse: {reason}", path, 1, 1, 1, 1)


def _with_expanded_indentation(
    check: Callable[[str], list[Violation]], source: str, path: str
) -> list[Violation]:
    """Lint a file CPython accepts but libcst does not, with tabs in indentation expanded.

    CPython accepted the file, so reading each tab as the next multiple of 8
    gives the structure it compiled; columns are mapped back to the file.
    Fixes are dropped: their edits would indent with spaces in a tab file.
    """
    lines = source.splitlines(keepends=True)
    shifts: list[int] = []
    expanded: list[str] = []
    for line in lines:
        body = line.lstrip(" \t")
        indent = line[: len(line) - len(body)]
        wide = indent.expandtabs(8)
        shifts.append(len(wide) - len(indent))
        expanded.append(wide + body)
    found = run_deep(lambda: check("".join(expanded)))
    if any(v.code == SYNTAX_ERROR for v in found):
        message = next(v.message for v in found if v.code == SYNTAX_ERROR)
        return [cannot_analyse(path, f"libcst rejects what CPython accepts: {message}")]

    def column(line: int, col: int) -> int:
        shift = shifts[line - 1] if 0 < line <= len(shifts) else 0
        return max(1, col - shift)

    return [
        replace(
            v,
            col=column(v.line, v.col),
            end_col=column(v.end_line, v.end_col),
            fix=None,
        )
        for v in found
    ]


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
