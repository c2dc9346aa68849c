"""Text edits that rules build fixes from: add a line after a statement, add an import."""

from __future__ import annotations

import ast

from lint_rules.rule import FileContext
from lint_rules.violation import Edit


def line_after(context: FileContext, stmt: ast.stmt, text: str) -> Edit:
    """Insert `text` as a new line after `stmt`, at the statement's indentation.

    The new line takes the file's own line ending and indentation characters
    (CRLF stays CRLF, tabs stay tabs).
    """
    lines = context.lines
    first = lines[stmt.lineno - 1]
    indent = first[: len(first) - len(first.lstrip(" \t"))]
    end_line = stmt.end_lineno or stmt.lineno
    last = lines[end_line - 1]
    end_col = len(last) + 1
    return Edit(end_line, end_col, end_line, end_col, f"{newline(context)}{indent}{text}")


def newline(context: FileContext) -> str:
    """The file's line ending (the first one it uses)."""
    source = context.source
    at = source.find("\n")
    if at > 0 and source[at - 1] == "\r":
        return "\r\n"
    if at < 0 and "\r" in source:
        return "\r"
    return "\n"


def _imports(context: FileContext) -> dict[str, str]:
    cached = context.memo.get("import-names")
    if cached is None:
        cached = context.resolver.names
        context.memo["import-names"] = cached
    return cached  # type: ignore[return-value]


def import_name(context: FileContext, module: str, name: str) -> tuple[str, Edit | None]:
    """How to refer to `module.name` here, and the edit that imports it if it is missing."""
    for local, full in _imports(context).items():
        if full == f"{module}.{name}" or (local == name and full.endswith(f".{name}")):
            return local, None
        if full == module:
            return f"{local}.{name}", None
    cached = context.memo.get(f"import-edit:{module}.{name}")
    if isinstance(cached, Edit):
        return name, cached
    eol = newline(context)
    statement = f"from {module} import {name}"
    body = context.tree.body
    anchor: ast.stmt | None = None
    for position, stmt in enumerate(body):
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            anchor = stmt
            continue
        if (
            position == 0
            and isinstance(stmt, ast.Expr)
            and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, str)
        ):
            anchor = stmt
            continue
        break
    if anchor is None:  # after the leading comments (shebang, encoding, licence)
        line = 1
        for number, text in enumerate(context.lines, start=1):
            stripped = text.lstrip("\ufeff").strip()
            if stripped and not stripped.startswith("#"):
                line = number
                break
            line = number + 1
        line = min(line, len(context.lines))
        edit = Edit(line, 1, line, 1, f"{statement}{eol}{eol}{eol}")
    else:
        end_line = anchor.end_lineno or anchor.lineno
        end_col = len(context.lines[end_line - 1]) + 1
        edit = Edit(end_line, end_col, end_line, end_col, f"{eol}{statement}")
    context.memo[f"import-edit:{module}.{name}"] = edit
    return name, edit
