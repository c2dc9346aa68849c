"""The functions of one file with their qualified names and scopes, built once for every rule."""

from __future__ import annotations

import ast

from lint_rules.rule import FileContext
from lint_rules.scope import FunctionScope, function_scope
from lint_rules.syntax import FUNCTION_NODES, Function


class FunctionUnit:
    """One function to analyse: its node, qualified name, owning class; its names on demand."""

    def __init__(
        self, context: FileContext, node: Function, qualname: str, owner: str | None
    ) -> None:
        self.context = context
        self.node = node
        self.qualname = qualname
        self.owner = owner
        self._scope: FunctionScope | None = None

    @property
    def text(self) -> str:
        """The function's source (a rule reads it to skip functions that cannot matter)."""
        lines = self.context.lines
        return "\n".join(lines[self.node.lineno - 1 : self.node.end_lineno or self.node.lineno])

    @property
    def scope(self) -> FunctionScope:
        """What the function's names hold (built on first use: most functions never need it)."""
        if self._scope is None:
            context = self.context
            sessions = frozenset(context.config.session_names)
            self._scope = function_scope(
                self.node, self.owner, context.index, context.resolver, sessions
            )
        return self._scope


def _walk(tree: ast.Module, module: str) -> list[tuple[Function, str, str | None]]:
    """Functions with qualified names; statements only (no expression holds a `def`)."""
    found: list[tuple[Function, str, str | None]] = []
    stack: list[tuple[list[ast.stmt], str, str | None]] = [(tree.body, module, None)]
    while stack:
        body, prefix, owner = stack.pop()
        for child in body:
            if isinstance(child, FUNCTION_NODES):
                qualname = f"{prefix}.{child.name}" if prefix else child.name
                found.append((child, qualname, owner))
                stack.append((child.body, f"{qualname}.<locals>", None))
            elif isinstance(child, ast.ClassDef):
                qualname = f"{prefix}.{child.name}" if prefix else child.name
                stack.append((child.body, qualname, qualname))
            else:
                for block in _blocks(child):
                    stack.append((block, prefix, owner))
    found.sort(key=lambda item: (item[0].lineno, item[0].col_offset))
    return found


def _blocks(stmt: ast.stmt) -> list[list[ast.stmt]]:
    """The statement lists nested in a compound statement."""
    blocks: list[list[ast.stmt]] = []
    for name in ("body", "orelse", "finalbody"):
        block = getattr(stmt, name, None)
        if isinstance(block, list) and block:
            blocks.append(block)
    for handler in getattr(stmt, "handlers", ()):
        blocks.append(handler.body)
    for case in getattr(stmt, "cases", ()):
        blocks.append(case.body)
    return blocks


def function_units(context: FileContext) -> list[FunctionUnit]:
    """Every function and method of the file (memoised: ORM001..ORM005 share them)."""
    cached = context.memo.get("units")
    if cached is not None:
        return cached  # type: ignore[return-value]
    units = [
        FunctionUnit(context, node, qualname, owner)
        for node, qualname, owner in _walk(context.tree, context.resolver.module)
    ]
    context.memo["units"] = units
    return units
