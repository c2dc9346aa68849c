"""Small, shared readings of `ast` nodes: dotted names, call shapes, literal strings.

The linter analyses the stdlib `ast` tree (CPython's own parser, in C): it is
an order of magnitude cheaper than a concrete syntax tree, and fixes are plain
text edits computed from its positions, so nothing needs the formatting.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator

FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)
Function = ast.FunctionDef | ast.AsyncFunctionDef
#: nodes whose bodies run later (or never): a call inside is not a call made here
DEFERRED = (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def dotted(node: ast.AST | None) -> str | None:
    """`a.b.c` for a Name/Attribute chain, `None` for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def last_name(node: ast.AST | None) -> str | None:
    """The final identifier of a Name/Attribute (`JSONB` for `pg.JSONB`)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def root_name(node: ast.AST | None) -> str | None:
    """The first identifier of an attribute/subscript/call chain (`doc` in `doc.a[0].b()`)."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call | ast.Await | ast.Starred):
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Await | ast.Starred):
            node = node.value
        else:
            node = node.value
    return node.id if isinstance(node, ast.Name) else None


def positional(call: ast.Call) -> list[ast.expr]:
    """The positional argument values of a call (no `*args`, no keywords)."""
    return [a for a in call.args if not isinstance(a, ast.Starred)]


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    """The value of keyword argument `name`, if given."""
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def string_value(node: ast.AST | None) -> str | None:
    """The value of a plain string literal, else `None`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def unwrap_await(node: ast.expr) -> ast.expr:
    """`x` for `await x`, else the node itself."""
    return node.value if isinstance(node, ast.Await) else node


def children(node: ast.AST) -> list[ast.AST]:
    """A node's direct children, in field order (cheaper than `ast.iter_child_nodes`)."""
    found: list[ast.AST] = []
    for name in node._fields:
        value = getattr(node, name, None)
        if value.__class__ is list:
            found.extend(item for item in value if isinstance(item, _AST))
        elif isinstance(value, _AST):
            found.append(value)
    return found


_AST = ast.AST


def calls_in(node: ast.AST) -> list[ast.Call]:
    """Every call in `node` in evaluation order (inner first), skipping deferred bodies."""
    found: list[ast.Call] = []
    stack: list[tuple[ast.AST, bool]] = [(node, False)]
    pop, push = stack.pop, stack.append
    while stack:
        current, visited = pop()
        if visited:
            found.append(current)  # type: ignore[arg-type]
            continue
        if current is not node and isinstance(current, DEFERRED):
            continue
        if isinstance(current, ast.Call):
            push((current, True))
        for name in reversed(current._fields):
            value = getattr(current, name, None)
            if value.__class__ is list:
                for item in reversed(value):
                    if isinstance(item, _AST):
                        push((item, False))
            elif isinstance(value, _AST):
                push((value, False))
    # post-order: a call is recorded after its function and arguments, as it runs
    return found


def walk_shallow(node: ast.AST) -> Iterator[ast.AST]:
    """Every node below `node` without entering nested functions, lambdas or classes."""
    stack = children(node)
    while stack:
        current = stack.pop()
        yield current
        if not isinstance(current, DEFERRED):
            stack.extend(children(current))


def body_functions(body: list[ast.stmt]) -> Iterator[Function]:
    """Functions defined directly in a body (not in nested statements' own bodies)."""
    for stmt in body:
        if isinstance(stmt, FUNCTION_NODES):
            yield stmt


def functions(tree: ast.Module) -> list[tuple[Function, ast.ClassDef | None]]:
    """Every function and method in a module, with its class if it is directly in one."""
    found: list[tuple[Function, ast.ClassDef | None]] = []
    stack: list[tuple[ast.AST, ast.ClassDef | None]] = [(tree, None)]
    while stack:
        node, owner = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, FUNCTION_NODES):
                found.append((child, owner))
                stack.append((child, None))
            elif isinstance(child, ast.ClassDef):
                stack.append((child, child))
            elif isinstance(child, ast.stmt):
                stack.append((child, owner if isinstance(node, ast.ClassDef) else None))
    found.sort(key=lambda pair: (pair[0].lineno, pair[0].col_offset))
    return found


def annotation_names(node: ast.expr | None) -> list[str]:
    """The dotted names an annotation can denote, outermost wrappers removed.

    `Interview`, `Interview | None`, `Optional[Interview]`, `"Interview"`,
    `Annotated[Session, Depends(...)]` all give their class name; a string
    annotation is parsed.
    """
    if node is None:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            parsed = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return []
        return annotation_names(parsed)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*annotation_names(node.left), *annotation_names(node.right)]
    if isinstance(node, ast.Subscript):
        outer = last_name(node.value)
        inner = node.slice
        if outer in ("Optional", "Union"):
            elements = inner.elts if isinstance(inner, ast.Tuple) else [inner]
            return [n for e in elements for n in annotation_names(e)]
        if outer == "Annotated":
            first = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
            return annotation_names(first)
        if outer in ("Mapped", "Type", "type"):
            return []
        name = dotted(node.value)
        return [name] if name else []
    name = dotted(node)
    return [name] if name and name != "None" else []


class LineHits:
    """The lines of a source on which a pattern matches, for cheap "does this span say X?"."""

    def __init__(self, source: str, pattern: re.Pattern[str] | None) -> None:
        found: list[int] = []
        line, last = 1, 0
        for match in pattern.finditer(source) if pattern is not None else ():
            start = match.start()
            line += source.count("\n", last, start)
            last = start
            if not found or found[-1] != line:
                found.append(line)
        self.lines = found

    def any_between(self, first: int, last: int) -> bool:
        """Does the pattern match on a line in `first..last` (1-based, inclusive)?"""
        at = bisect.bisect_left(self.lines, first)
        return at < len(self.lines) and self.lines[at] <= last


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(source: str) -> list[str]:
    """The source's lines as the parser counts them (`\\n`, `\\r\\n` or `\\r`)."""
    return _LINE_BREAK.split(source)
