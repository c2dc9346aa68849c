"""Module names from paths, and a module's import table (local name -> qualified name).

Receivers and bases are resolved through the module's own imports, never by a
short name alone: a client-side `Interview` schema imported from
`app.schemas` is not the `Interview` model in `app.models`.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass
from pathlib import PurePath

from lint_rules.syntax import dotted


def module_name(path: PurePath, root: PurePath | None) -> str:
    """`app.models` for `<root>/app/models.py` (`app` for `app/__init__.py`)."""
    try:
        relative = path.relative_to(root) if root is not None else PurePath(path.name)
    except ValueError:
        relative = PurePath(path.name)
    parts = list(relative.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(p for p in parts if p.isidentifier()) or path.stem


@dataclass(frozen=True)
class ImportTable:
    """What the names bound by a module's imports stand for."""

    module: str
    names: tuple[tuple[str, str], ...] = ()
    star: tuple[str, ...] = ()
    is_package: bool = False

    def lookup(self) -> dict[str, str]:
        """Local name -> qualified name."""
        return dict(self.names)


def _absolute(module: str, is_package: bool, level: int, target: str | None) -> str:
    """Resolve `from ..x import y`'s module part against the importing module."""
    if level == 0:
        return target or ""
    parts = module.split(".") if module else []
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)] if level - 1 <= len(parts) else []
    if target:
        parts.append(target)
    return ".".join(parts)


def import_table(
    tree: ast.Module,
    module: str,
    is_package: bool = False,
    nodes: list[ast.Import | ast.ImportFrom] | None = None,
) -> ImportTable:
    """Every import anywhere in the module (top level, `if TYPE_CHECKING:`, functions).

    `nodes` are the import statements when a caller has already walked the tree.
    """
    names: dict[str, str] = {}
    star: list[str] = []
    ordered = sorted(nodes, key=lambda n: (n.lineno, n.col_offset)) if nodes is not None else None
    for node in ordered if ordered is not None else _import_statements(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname is not None:
                    names[alias.asname] = alias.name
                else:
                    first = alias.name.split(".")[0]
                    names.setdefault(first, first)
        else:
            base = _absolute(module, is_package, node.level, node.module)
            for alias in node.names:
                if alias.name == "*":
                    star.append(base)
                    continue
                local = alias.asname or alias.name
                names[local] = f"{base}.{alias.name}" if base else alias.name
    return ImportTable(module, tuple(sorted(names.items())), tuple(star), is_package)


def _import_statements(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Import statements at any depth of statements (expressions never hold one)."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.stmt] = list(reversed(tree.body))
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            found.append(stmt)
            continue
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(stmt, name, None)
            if block:
                for child in reversed(block):
                    if isinstance(child, ast.ExceptHandler | ast.match_case):
                        stack.extend(reversed(child.body))
                    elif isinstance(child, ast.stmt):
                        stack.append(child)
    found.sort(key=lambda node: (node.lineno, node.col_offset))
    return found


class Resolver:
    """Turns dotted names written in a module into qualified names."""

    def __init__(self, table: ImportTable, local: frozenset[str] = frozenset()) -> None:
        self.module = table.module
        self.names = table.lookup()
        self.star = table.star
        #: names defined at the module's top level (classes, functions, assignments)
        self.local = local

    def qualify(self, name: str | None) -> str | None:
        """`sqlalchemy.dialects.postgresql.JSONB` for `pg.JSONB` after `import ... as pg`."""
        if not name:
            return None
        first, _, rest = name.partition(".")
        if first in self.names:
            full = self.names[first]
            return f"{full}.{rest}" if rest else full
        if first in self.local:
            return f"{self.module}.{name}" if self.module else name
        if len(self.star) == 1 and self.star[0] and not hasattr(builtins, first):
            return f"{self.star[0]}.{name}"  # `from models import *`: the one place it can be from
        return name

    def resolve(self, node: ast.AST | None) -> str | None:
        """Qualified name of a Name/Attribute chain."""
        return self.qualify(dotted(node))

    def is_bound(self, name: str) -> bool:
        """Is the first part of `name` imported or defined in this module?"""
        first = name.partition(".")[0]
        return first in self.names or first in self.local


def top_level_names(tree: ast.Module) -> frozenset[str]:
    """Names a module defines at its top level (also inside `if`/`try` blocks)."""
    found: set[str] = set()
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            found.add(stmt.name)
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    found.add(target.id)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            found.add(stmt.target.id)
        elif isinstance(stmt, ast.If | ast.Try | ast.With):
            stack.extend(stmt.body)
            stack.extend(getattr(stmt, "orelse", []))
            for handler in getattr(stmt, "handlers", []):
                stack.extend(handler.body)
            stack.extend(getattr(stmt, "finalbody", []))
    return frozenset(found)
