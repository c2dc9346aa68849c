"""Per-file facts for the project index: classes, their columns, type maps, flagging helpers.

Facts are unresolved (a column's type is kept as the qualified names found in
its type expression) so that one file's facts can be cached by content hash
and merged with the others: a `TypeDecorator` or a declarative base's
`type_annotation_map` defined in another file is applied at merge time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from lint_rules.syntax import Imports, code, dotted, keyword, last_name, positional, string_value

COLUMN_FACTORIES = frozenset({"Column", "mapped_column", "column_property", "deferred"})
RELATIONSHIP_FACTORIES = frozenset({"relationship", "Relationship", "backref"})
MUTABLE_WRAPPERS = frozenset({"MutableDict", "MutableList", "MutableSet"})


@dataclass(frozen=True)
class TypeRef:
    """The qualified names appearing in a column's type expression, and whether it is Mutable."""

    names: tuple[str, ...] = ()
    tracked: bool = False


@dataclass(frozen=True)
class ColumnFacts:
    """One mapped attribute: explicit type (if any) and the `Mapped[...]` argument (if any)."""

    attr: str
    type: TypeRef | None = None
    annotation: str | None = None
    relationship: bool = False


@dataclass(frozen=True)
class ClassFacts:
    """A class as the index needs it."""

    name: str
    bases: tuple[str, ...] = ()
    table: bool = False
    impl: TypeRef | None = None
    type_map: tuple[tuple[str, TypeRef], ...] = ()
    columns: tuple[ColumnFacts, ...] = ()


@dataclass(frozen=True)
class HelperFacts:
    """A function that calls `flag_modified(param, attr)` on every path."""

    name: str
    params: tuple[str, ...]
    obj_param: str
    attr: str | None = None
    attr_param: str | None = None


@dataclass(frozen=True)
class FileFacts:
    """Everything the index takes from one file."""

    classes: tuple[ClassFacts, ...] = ()
    helpers: tuple[HelperFacts, ...] = ()
    declarative_names: tuple[str, ...] = field(default=())


def type_ref(expr: cst.BaseExpression, imports: Imports) -> TypeRef:
    """Read a type expression: `JSONB`, `JSON()`, `.with_variant(...)`, `.as_mutable(...)`."""
    if isinstance(expr, cst.Name | cst.Attribute):
        name = imports.resolve(expr)
        return TypeRef((name,) if name else ())
    if isinstance(expr, cst.Call):
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value == "as_mutable":
            inner = [type_ref(arg, imports) for arg in positional(expr)]
            wrapper = last_name(func.value) or ""
            names = tuple(n for ref in inner for n in ref.names)
            return TypeRef(names, tracked=wrapper in MUTABLE_WRAPPERS)
        if isinstance(func, cst.Attribute) and func.attr.value == "with_variant":
            parts = [type_ref(func.value, imports)]
            parts += [type_ref(arg, imports) for arg in positional(expr)[:1]]
            return TypeRef(tuple(n for p in parts for n in p.names), any(p.tracked for p in parts))
        return type_ref(func, imports)
    return TypeRef()


def _join(refs: list[TypeRef]) -> TypeRef | None:
    refs = [r for r in refs if r.names]
    if not refs:
        return None
    return TypeRef(tuple(n for r in refs for n in r.names), any(r.tracked for r in refs))


def column_type(call: cst.Call, imports: Imports) -> TypeRef | None:
    """The type of a `Column(...)`/`mapped_column(...)`/SQLModel `Field(...)` call."""
    name = last_name(call.func)
    if name == "Field":
        sa_column = keyword(call, "sa_column")
        if isinstance(sa_column, cst.Call):
            return column_type(sa_column, imports)
        sa_type = keyword(call, "sa_type")
        return type_ref(sa_type, imports) if sa_type is not None else None
    if name in ("column_property", "deferred"):
        inner = [a for a in positional(call) if isinstance(a, cst.Call)]
        return column_type(inner[0], imports) if inner else None
    refs = [
        type_ref(arg, imports)
        for arg in positional(call)
        if not isinstance(arg, cst.SimpleString | cst.ConcatenatedString)
    ]
    explicit = keyword(call, "type_")
    if explicit is not None:
        refs.append(type_ref(explicit, imports))
    return _join(refs)


def _mapped_argument(annotation: cst.BaseExpression) -> str | None:
    """`dict[str, Any]` for `Mapped[dict[str, Any]]` (also `Mapped[Optional[...]]`, `| None`)."""
    if not isinstance(annotation, cst.Subscript) or last_name(annotation.value) != "Mapped":
        return None
    element = annotation.slice[0].slice
    if not isinstance(element, cst.Index):
        return None
    return normalise_annotation(element.value)


def normalise_annotation(expr: cst.BaseExpression) -> str:
    """Drop `Optional[...]`, `| None` and `typing.` prefixes so map keys and annotations compare."""
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.BitOr):
        sides = [
            s
            for s in (expr.left, expr.right)
            if not (isinstance(s, cst.Name) and s.value == "None")
        ]
        if len(sides) == 1:
            return normalise_annotation(sides[0])
    if isinstance(expr, cst.Subscript) and last_name(expr.value) == "Optional":
        element = expr.slice[0].slice
        if isinstance(element, cst.Index):
            return normalise_annotation(element.value)
    text = code(expr).replace("typing.", "").replace(" ", "")
    for old, new in (("Dict[", "dict["), ("List[", "list[")):
        if text.startswith(old):
            text = new + text[len(old) :]
    return {"Dict": "dict", "List": "list"}.get(text, text)


class _FactsVisitor(cst.CSTVisitor):
    def __init__(self, imports: Imports) -> None:
        self.imports = imports
        self.classes: list[ClassFacts] = []
        self.helpers: list[HelperFacts] = []
        self.declarative: list[str] = []

    def visit_Assign(self, node: cst.Assign) -> None:
        # `Base = declarative_base()` / `db = SQLAlchemy()` makes `Base` / `db.Model` a base.
        if isinstance(node.value, cst.Call) and last_name(node.value.func) in (
            "declarative_base",
            "as_declarative",
        ):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self.declarative.append(target.target.value)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        bases = tuple(self.imports.resolve(b.value) or code(b.value) for b in node.bases)
        table = any(kw.keyword is not None and kw.keyword.value == "table" for kw in node.keywords)
        columns: list[ColumnFacts] = []
        impl: TypeRef | None = None
        type_map: list[tuple[str, TypeRef]] = []
        for stmt in node.body.body if isinstance(node.body, cst.IndentedBlock) else ():
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                target, annotation, value = _assignment(small)
                if target is None:
                    continue
                if target == "__tablename__" or target == "__table__":
                    table = True
                elif target == "impl" and value is not None:
                    impl = type_ref(value, self.imports)
                elif target == "type_annotation_map" and isinstance(value, cst.Dict):
                    for element in value.elements:
                        if isinstance(element, cst.DictElement):
                            key = normalise_annotation(element.key)
                            type_map.append((key, type_ref(element.value, self.imports)))
                else:
                    column = self._column(target, annotation, value)
                    if column is not None:
                        columns.append(column)
        self.classes.append(
            ClassFacts(node.name.value, bases, table, impl, tuple(type_map), tuple(columns))
        )

    def _column(
        self, attr: str, annotation: cst.BaseExpression | None, value: cst.BaseExpression | None
    ) -> ColumnFacts | None:
        mapped = _mapped_argument(annotation) if annotation is not None else None
        if isinstance(value, cst.Call):
            factory = last_name(value.func)
            if factory in RELATIONSHIP_FACTORIES:
                return ColumnFacts(attr, relationship=True)
            if factory in COLUMN_FACTORIES or factory == "Field":
                return ColumnFacts(attr, column_type(value, self.imports), mapped)
        if mapped is not None:
            return ColumnFacts(attr, None, mapped)
        return None

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        helper = _flagging_helper(node)
        if helper is not None:
            self.helpers.append(helper)


def _assignment(
    small: cst.BaseSmallStatement,
) -> tuple[str | None, cst.BaseExpression | None, cst.BaseExpression | None]:
    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
        return small.target.value, small.annotation.annotation, small.value
    if (
        isinstance(small, cst.Assign)
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Name)
    ):
        return small.targets[0].target.value, None, small.value
    return None, None, None


def _flagging_helper(node: cst.FunctionDef) -> HelperFacts | None:
    """`def save(obj): ...; flag_modified(obj, "data")` at the top level of the body."""
    params = tuple(p.name.value for p in (*node.params.posonly_params, *node.params.params))
    if not isinstance(node.body, cst.IndentedBlock):
        return None
    for stmt in _always_run(node.body.body):
        for small in stmt.body:
            if not isinstance(small, cst.Expr) or not isinstance(small.value, cst.Call):
                continue
            call = small.value
            if last_name(call.func) != "flag_modified":
                continue
            args = positional(call)
            if len(args) < 2 or dotted(args[0]) not in params:
                continue
            obj = dotted(args[0])
            assert obj is not None
            attr = string_value(args[1])
            attr_param = dotted(args[1]) if attr is None and dotted(args[1]) in params else None
            if attr is None and attr_param is None:
                continue
            return HelperFacts(node.name.value, params, obj, attr, attr_param)
    return None


def _always_run(body: object) -> list[cst.SimpleStatementLine]:
    """Statements run on every path through a body: its own lines and `with` blocks' lines."""
    found: list[cst.SimpleStatementLine] = []
    for stmt in body:  # type: ignore[attr-defined]
        if isinstance(stmt, cst.SimpleStatementLine):
            found.append(stmt)
        elif isinstance(stmt, cst.With) and isinstance(stmt.body, cst.IndentedBlock):
            found.extend(_always_run(stmt.body.body))
    return found


def file_facts(module: cst.Module) -> FileFacts:
    """Extract the index facts of one parsed module."""
    visitor = _FactsVisitor(Imports(module))
    module.visit(visitor)
    return FileFacts(tuple(visitor.classes), tuple(visitor.helpers), tuple(visitor.declarative))
