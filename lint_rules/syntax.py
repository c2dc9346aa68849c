"""Small, shared readings of libcst nodes: dotted names, import aliases, call shapes."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

_EMPTY = cst.Module(body=[])


def code(node: cst.CSTNode) -> str:
    """Source text of a node, normalised by libcst (used as a key for receivers)."""
    return _EMPTY.code_for_node(node).strip()


def dotted(node: cst.BaseExpression | None) -> str | None:
    """`a.b.c` for a Name/Attribute chain, `None` for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def last_name(node: cst.BaseExpression | None) -> str | None:
    """The final identifier of a Name/Attribute (`JSONB` for `pg.JSONB`)."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None


def _module_name(node: cst.BaseExpression | None) -> str:
    return dotted(node) or ""


class Imports:
    """Local name -> fully qualified name, from a module's import statements.

    Resolving aliases ourselves (rather than with `QualifiedNameProvider`)
    keeps the index pass cheap: it needs no metadata, only the imports.
    """

    def __init__(self, module: cst.Module) -> None:
        self.names: dict[str, str] = {}
        for node in _walk_imports(module):
            if isinstance(node, cst.Import):
                for alias in node.names:
                    full = _module_name(alias.name)
                    if alias.asname is not None:
                        self.names[_module_name(alias.asname.name)] = full
                    else:
                        first = full.split(".")[0]
                        self.names[first] = first
            elif isinstance(node.names, cst.ImportStar):
                continue
            else:
                base = ("." * len(node.relative)) + _module_name(node.module)
                for alias in node.names:
                    imported = _module_name(alias.name)
                    local = _module_name(alias.asname.name) if alias.asname else imported
                    self.names[local] = f"{base}.{imported}"

    def resolve(self, node: cst.BaseExpression | None) -> str | None:
        """Qualified name of a dotted chain: `pg.JSONB` -> `sqlalchemy...postgresql.JSONB`."""
        name = dotted(node)
        if name is None:
            return None
        first, _, rest = name.partition(".")
        if first in self.names:
            full = self.names[first]
            return f"{full}.{rest}" if rest else full
        return name


def _walk_imports(module: cst.Module) -> Iterator[cst.Import | cst.ImportFrom]:
    """Imports anywhere in the module (top level, `if TYPE_CHECKING:`, functions)."""
    found: list[cst.Import | cst.ImportFrom] = []

    class _Collector(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> bool:
            found.append(node)
            return False

        def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
            found.append(node)
            return False

    module.visit(_Collector())
    yield from found


def call_name(call: cst.Call) -> str | None:
    """The attribute or function name being called (`append` in `x.data.append(m)`)."""
    return last_name(call.func)


def positional(call: cst.Call) -> list[cst.BaseExpression]:
    """The positional argument values of a call (no `*args`, no keywords)."""
    return [a.value for a in call.args if a.keyword is None and not a.star]


def keyword(call: cst.Call, name: str) -> cst.BaseExpression | None:
    """The value of keyword argument `name`, if given."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def string_value(node: cst.BaseExpression | None) -> str | None:
    """The value of a plain string literal, else `None`."""
    if isinstance(node, cst.SimpleString | cst.ConcatenatedString):
        value: object = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def calls_in(node: cst.CSTNode) -> list[cst.Call]:
    """Every call in `node`, outermost first, skipping lambdas (their bodies run later)."""
    calls: list[cst.Call] = []

    class _Collector(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            calls.append(call)

        def visit_Lambda(self, lam: cst.Lambda) -> bool:
            return False

    node.visit(_Collector())
    return calls
