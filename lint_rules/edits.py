"""Text edits that rules build fixes from: add a line after a statement, add an import."""

from __future__ import annotations

import libcst as cst

from lint_rules.rule import FileContext
from lint_rules.syntax import Imports
from lint_rules.violation import Edit


def line_after(context: FileContext, stmt: cst.SimpleStatementLine, text: str) -> Edit:
    """Insert `text` as a new line after `stmt`, at the statement's indentation."""
    where = context.positions[stmt]
    lines = context.source.splitlines()
    start_line = lines[where.start.line - 1]
    indent = start_line[: len(start_line) - len(start_line.lstrip())]
    last = lines[where.end.line - 1]
    end_col = len(last) + 1
    return Edit(where.end.line, end_col, where.end.line, end_col, f"\n{indent}{text}")


def import_name(context: FileContext, module: str, name: str) -> tuple[str, Edit | None]:
    """How to refer to `module.name` here, and the edit that imports it if it is missing."""
    imports = Imports(context.module)
    for local, full in imports.names.items():
        if full == f"{module}.{name}" or (local == name and full.endswith(f".{name}")):
            return local, None
        if full == module:
            return f"{local}.{name}", None
    statement = f"from {module} import {name}"
    body = context.module.body
    last_import: cst.CSTNode | None = None
    docstring: cst.CSTNode | None = None
    for index, stmt in enumerate(body):
        if isinstance(stmt, cst.SimpleStatementLine):
            if any(isinstance(s, cst.Import | cst.ImportFrom) for s in stmt.body):
                last_import = stmt
                continue
            if (
                index == 0
                and isinstance(stmt.body[0], cst.Expr)
                and isinstance(stmt.body[0].value, cst.SimpleString | cst.ConcatenatedString)
            ):
                docstring = stmt
                continue
        break
    anchor = last_import or docstring
    if anchor is None:  # after the leading comments (shebang, encoding, licence)
        line = len(context.module.header) + 1
        return name, Edit(line, 1, line, 1, f"{statement}\n\n\n")
    where = context.positions[anchor]
    lines = context.source.splitlines()
    end_col = len(lines[where.end.line - 1]) + 1
    return name, Edit(where.end.line, end_col, where.end.line, end_col, f"\n{statement}")
