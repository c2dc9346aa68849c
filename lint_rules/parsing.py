"""CPython's parser, quietly, and the ORM000 finding for a file it refuses."""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass

from lint_rules.violation import Violation


@dataclass(frozen=True)
class Unparsable:
    """A file CPython refuses: where and why (reported as ORM000 without parsing it again)."""

    line: int
    col: int
    message: str


def parse(source: str, path: str) -> ast.Module:
    """CPython's own parser (raises `SyntaxError`); the code's warnings are not ours to print."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes in the linted code, on 3.12+
        return ast.parse(source, filename=path, type_comments=False)


def syntax_error(path: str, error: SyntaxError) -> Violation:
    """ORM000 at CPython's position for the error."""
    line, col = error.lineno or 1, error.offset or 1
    message = error.msg
    return Violation(
        "ORM000", "syntax-error", f"cannot parse: {message}", path, line, col, line, col
    )


def unparsable(path: str, where: Unparsable) -> Violation:
    return Violation(
        "ORM000",
        "syntax-error",
        f"cannot parse: {where.message}",
        path,
        where.line,
        where.col,
        where.line,
        where.col,
    )
