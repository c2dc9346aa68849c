"""One pass over a module's tree that sorts the nodes the index needs by the function they are in.

Walking an `ast` tree in Python costs a fair part of what parsing it cost
CPython; the index reads every file of the project, so it walks each tree
once, here, and every fact is then read from these lists.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from lint_rules.syntax import Function

_AST = ast.AST
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
#: Nodes with nothing below them that the walk records: never pushed (a `Name` and its
#: `Load` context are a third of a typical tree).
_LEAVES = frozenset(
    {
        ast.Name,
        ast.Constant,
        ast.Pass,
        ast.Break,
        ast.Continue,
        *ast.expr_context.__subclasses__(),
        *ast.operator.__subclasses__(),
        *ast.unaryop.__subclasses__(),
        *ast.boolop.__subclasses__(),
        *ast.cmpop.__subclasses__(),
    }
)


@dataclass
class Bucket:
    """What one function's own body contains (nested functions and classes have their own)."""

    node: Function | None
    qualname: str
    owner: str | None
    calls: list[ast.Call] = field(default_factory=list)
    #: calls inside lambdas: they run later, if ever
    deferred_calls: list[ast.Call] = field(default_factory=list)
    #: assignment and `del` targets that are attributes or subscripts
    stores: list[ast.expr] = field(default_factory=list)
    returns: list[ast.Return] = field(default_factory=list)
    first_yield: int = 0
    #: `X.query` / `X.objects` loads
    queries: list[ast.Attribute] = field(default_factory=list)
    #: the body was read (a body whose text says nothing the index needs is skipped)
    walked: bool = True


@dataclass
class Collected:
    """The module's functions (module level first), classes with qualified names, and imports."""

    buckets: list[Bucket]
    classes: list[tuple[ast.ClassDef, str]]
    imports: list[ast.Import | ast.ImportFrom]


def collect(
    tree: ast.Module, module: str, wanted: Callable[[Function], bool] | None = None
) -> Collected:
    """Walk the tree once (iteratively: deep nesting cannot overflow the stack).

    `wanted(function)` says whether a function's body is worth reading; a body
    that is not is skipped whole (its nested functions with it).
    """
    top = Bucket(None, module, None)
    buckets = [top]
    classes: list[tuple[ast.ClassDef, str]] = []
    imports: list[ast.Import | ast.ImportFrom] = []
    # (node, bucket, prefix for names defined here, owning class, inside a lambda)
    stack: list[tuple[_AST, Bucket, str, str | None, bool]] = [(tree, top, module, None, False)]
    pop, push = stack.pop, stack.append
    leaves = _LEAVES
    while stack:
        node, bucket, prefix, owner, deferred = pop()
        if isinstance(node, ast.Call):
            (bucket.deferred_calls if deferred else bucket.calls).append(node)
        elif isinstance(node, ast.Attribute):
            if node.attr in ("query", "objects"):
                bucket.queries.append(node)
        elif isinstance(node, ast.Assign | ast.Delete):
            bucket.stores.extend(
                t for t in node.targets if isinstance(t, ast.Attribute | ast.Subscript)
            )
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            if isinstance(node.target, ast.Attribute | ast.Subscript):
                bucket.stores.append(node.target)
        elif isinstance(node, ast.Return):
            bucket.returns.append(node)
        elif isinstance(node, ast.Yield | ast.YieldFrom):
            bucket.first_yield = bucket.first_yield or node.lineno
        elif isinstance(node, ast.Import | ast.ImportFrom):
            imports.append(node)
            continue
        elif isinstance(node, _FUNCTIONS):
            qualname = f"{prefix}.{node.name}" if prefix else node.name
            inner = Bucket(node, qualname, owner)
            buckets.append(inner)
            parts: list[ast.AST] = [*node.decorator_list, *_defaults(node)]
            if node.returns is not None:
                parts.append(node.returns)
            for part in parts:
                push((part, bucket, prefix, None, deferred))
            if wanted is not None and not wanted(node):
                inner.walked = False
                continue
            for stmt in reversed(node.body):
                push((stmt, inner, f"{qualname}.<locals>", None, False))
            continue
        elif isinstance(node, ast.ClassDef):
            qualname = f"{prefix}.{node.name}" if prefix else node.name
            classes.append((node, qualname))
            for part in (*node.decorator_list, *node.bases, *node.keywords):
                push((part, bucket, prefix, None, deferred))
            for stmt in reversed(node.body):
                push((stmt, bucket, qualname, qualname, deferred))
            continue
        elif isinstance(node, ast.Lambda):
            push((node.body, bucket, prefix, None, True))
            continue
        for name in node._fields:
            value = getattr(node, name, None)
            if value.__class__ is list:
                for item in reversed(value):
                    if isinstance(item, _AST) and item.__class__ not in leaves:
                        push((item, bucket, prefix, owner, deferred))
            elif isinstance(value, _AST) and value.__class__ not in leaves:
                push((value, bucket, prefix, owner, deferred))
    classes.sort(key=lambda item: item[0].lineno)
    return Collected(buckets, classes, imports)


def _defaults(node: Function) -> list[ast.expr]:
    args = node.args
    found: list[ast.expr] = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
        if arg is not None and arg.annotation is not None:
            found.append(arg.annotation)
    return found
