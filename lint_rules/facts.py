"""Per-file facts for the project index: classes, columns, bases, type aliases, session factories.

Facts are unresolved on purpose (a column's type is kept as the qualified
names in its type expression, a base as the qualified name it was imported
as): one file's facts are cached by content hash and merged with the others
at index time, where a `TypeDecorator`, a declarative base or a
`type_annotation_map` defined in another file is applied.

Every value here is a frozen dataclass of strings, booleans and tuples, so the
cache stores it as data (JSON), never as code.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Literal

from lint_rules.collect import collect
from lint_rules.modules import ImportTable, Resolver, import_table, top_level_names
from lint_rules.summaries import BODY_WORDS, CallFlag, FunctionFacts, function_facts
from lint_rules.syntax import (
    FUNCTION_NODES,
    Function,
    LineHits,
    annotation_names,
    dotted,
    keyword,
    last_name,
    positional,
)

Tracking = Literal["none", "top", "deep"]
ColumnKind = Literal["column", "relationship", "other"]

COLUMN_FACTORIES = frozenset({"Column", "mapped_column", "column_property", "deferred"})
RELATIONSHIP_FACTORIES = frozenset({"relationship", "Relationship", "backref", "dynamic_loader"})
OTHER_MAPPED = frozenset(
    {"synonym", "composite", "association_proxy", "query_expression", "column_property"}
)
MUTABLE_WRAPPERS = frozenset({"MutableDict", "MutableList", "MutableSet"})
DEEP_WRAPPERS = frozenset({"NestedMutableDict", "NestedMutableList", "NestedMutable"})
DEEP_TYPES = frozenset({"NestedMutableJson", "NestedMutableDict", "NestedMutableList"})
_JSON_SHORT = frozenset({"JSON", "JSONB"})
#: calls whose result is a declarative base (`Base = declarative_base()`)
BASE_FACTORIES = frozenset({"declarative_base", "generate_base"})
#: calls whose result is a session factory or a scoped session
SESSION_FACTORIES = frozenset(
    {"sessionmaker", "async_sessionmaker", "scoped_session", "async_scoped_session"}
)


@dataclass(frozen=True)
class TypeRef:
    """The qualified names in a column's type expression, and how deep changes are tracked."""

    names: tuple[str, ...] = ()
    tracking: Tracking = "none"


@dataclass(frozen=True)
class ColumnFacts:
    """One mapped attribute: explicit type (if any) and the `Mapped[...]` argument (if any)."""

    attr: str
    kind: ColumnKind = "column"
    type: TypeRef | None = None
    annotation: str | None = None


@dataclass(frozen=True)
class ClassFacts:
    """A class as the index needs it."""

    name: str
    qualname: str
    bases: tuple[str, ...] = ()
    decorators: tuple[str, ...] = ()
    table_keyword: bool = False
    tablename: bool = False
    abstract: bool = False
    #: the class maps a `Table(...)`/reflection or defines `__getattr__`: its attributes are open
    open: bool = False
    impl: TypeRef | None = None
    type_map: tuple[tuple[str, TypeRef], ...] = ()
    columns: tuple[ColumnFacts, ...] = ()
    #: other class-level names (methods, properties, plain attributes)
    members: tuple[str, ...] = ()
    #: instance attributes and the qualified names of their declared or constructed types
    fields: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: `flask_sqlalchemy.SQLAlchemy()`-style `db` object bases, `db.Model` (resolved)
    line: int = 0


@dataclass(frozen=True)
class FileFacts:
    """Everything the index takes from one file."""

    module: str
    classes: tuple[ClassFacts, ...] = ()
    functions: tuple[FunctionFacts, ...] = ()
    #: qualified names bound to declarative bases (`Base = declarative_base()`)
    bases: tuple[str, ...] = ()
    #: qualified names bound to Flask-SQLAlchemy objects (`db = SQLAlchemy()`)
    flask_dbs: tuple[str, ...] = ()
    #: qualified names of registries (`reg = registry()`: `@reg.mapped` classes are models)
    registries: tuple[str, ...] = ()
    #: qualified names of session factories and scoped sessions
    session_factories: tuple[str, ...] = ()
    #: those that are scoped-session proxies (`Session = scoped_session(...)`): they act as sessions
    scoped_sessions: tuple[str, ...] = ()
    #: module-level type aliases: `JsonDict = MutableDict.as_mutable(JSONB)`
    aliases: tuple[tuple[str, TypeRef], ...] = ()
    #: `helper(obj); flag_modified(obj, "attr")` seen at call sites
    call_flags: tuple[CallFlag, ...] = ()
    #: `MutableDict.associate_with(T)`: every column of type `T` tracks (type name, tracking)
    associations: tuple[tuple[str, Tracking], ...] = ()
    imports: ImportTable = field(default_factory=lambda: ImportTable(""))


def type_ref(expr: ast.AST | None, resolver: Resolver) -> TypeRef:
    """Read a type expression: `JSONB`, `JSON()`, `.with_variant(...)`, `.as_mutable(...)`."""
    if isinstance(expr, ast.Name | ast.Attribute):
        name = resolver.resolve(expr)
        if name and last_name(expr) in DEEP_TYPES:
            return TypeRef((name,), "deep")
        return TypeRef((name,) if name else ())
    if isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Attribute) and func.attr == "as_mutable":
            inner = [type_ref(arg, resolver) for arg in positional(expr)]
            names = tuple(n for ref in inner for n in ref.names)
            wrapper = last_name(func.value) or ""
            if wrapper in DEEP_WRAPPERS:
                return TypeRef(names, "deep")
            if wrapper in MUTABLE_WRAPPERS:
                return TypeRef(names, "top")
            # a project's own Mutable subclass: how deep it tracks is its business
            return TypeRef(names, "deep")
        if isinstance(func, ast.Attribute) and func.attr == "with_variant":
            parts = [type_ref(func.value, resolver)]
            parts += [type_ref(arg, resolver) for arg in positional(expr)[:1]]
            return _join(parts) or TypeRef()
        if last_name(func) == "mutable_json_type":
            db_type = keyword(expr, "dbtype")
            nested = keyword(expr, "nested")
            ref = type_ref(db_type, resolver) if db_type is not None else TypeRef(("JSON",))
            deep = isinstance(nested, ast.Constant) and nested.value is True
            return TypeRef(ref.names or ("JSON",), "deep" if deep else "top")
        return type_ref(func, resolver)
    return TypeRef()


def _join(refs: list[TypeRef]) -> TypeRef | None:
    refs = [r for r in refs if r.names]
    if not refs:
        return None
    order: dict[Tracking, int] = {"none": 0, "top": 1, "deep": 2}
    tracking = min((r.tracking for r in refs), key=lambda t: order[t])
    return TypeRef(tuple(n for r in refs for n in r.names), tracking)


def column_type(call: ast.Call, resolver: Resolver) -> TypeRef | None:
    """The type of a `Column(...)`/`mapped_column(...)`/SQLModel `Field(...)` call."""
    name = last_name(call.func)
    if name == "Field":
        sa_column = keyword(call, "sa_column")
        if isinstance(sa_column, ast.Call):
            return column_type(sa_column, resolver)
        sa_type = keyword(call, "sa_type")
        return type_ref(sa_type, resolver) if sa_type is not None else None
    if name in ("column_property", "deferred"):
        inner = [a for a in positional(call) if isinstance(a, ast.Call)]
        return column_type(inner[0], resolver) if inner else None
    refs = [
        type_ref(arg, resolver)
        for arg in positional(call)
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str))
    ]
    explicit = keyword(call, "type_")
    if explicit is not None:
        refs.append(type_ref(explicit, resolver))
    return _join(refs)


def mapped_argument(annotation: ast.expr | None) -> str | None:
    """`dict[str,Any]` for `Mapped[dict[str, Any]]` (also `Mapped[Optional[...]]`, `| None`)."""
    if not isinstance(annotation, ast.Subscript) or last_name(annotation.value) != "Mapped":
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                return mapped_argument(ast.parse(annotation.value, mode="eval").body)
            except SyntaxError:
                return None
        return None
    return normalise_annotation(annotation.slice)


def normalise_annotation(expr: ast.expr) -> str:
    """Drop `Optional[...]`, `| None` and `typing.` so map keys and annotations compare."""
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        sides = [
            s
            for s in (expr.left, expr.right)
            if not (isinstance(s, ast.Constant) and s.value is None)
        ]
        if len(sides) == 1:
            return normalise_annotation(sides[0])
    if isinstance(expr, ast.Subscript) and last_name(expr.value) == "Optional":
        return normalise_annotation(expr.slice)
    text = ast.unparse(expr).replace("typing.", "").replace(" ", "")
    for old, new in (("Dict[", "dict["), ("List[", "list[")):
        if text.startswith(old):
            text = new + text[len(old) :]
    return {"Dict": "dict", "List": "list"}.get(text, text)


def _assignment(stmt: ast.stmt) -> tuple[str | None, ast.expr | None, ast.expr | None]:
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id, stmt.annotation, stmt.value
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if isinstance(target, ast.Name):
            return target.id, None, stmt.value
    return None, None, None


class _ClassReader:
    """Reads one class body."""

    def __init__(self, node: ast.ClassDef, qualname: str, resolver: Resolver) -> None:
        self.node = node
        self.resolver = resolver
        self.qualname = qualname

    def read(self) -> ClassFacts:
        node, resolver = self.node, self.resolver
        bases = tuple(resolver.resolve(b) or ast.unparse(b) for b in node.bases)
        decorators = tuple(
            resolver.resolve(d.func if isinstance(d, ast.Call) else d) or ""
            for d in node.decorator_list
        )
        table_keyword = any(
            kw.arg == "table" and isinstance(kw.value, ast.Constant) and kw.value.value is True
            for kw in node.keywords
        )
        columns: list[ColumnFacts] = []
        members: list[str] = []
        impl: TypeRef | None = None
        type_map: list[tuple[str, TypeRef]] = []
        tablename = abstract = open_ = False
        dialect_impl: TypeRef | None = None
        for stmt in node.body:
            if isinstance(stmt, FUNCTION_NODES):
                members.append(stmt.name)
                if stmt.name in ("__getattr__", "__getattribute__"):
                    open_ = True
                if any(last_name(_decorator(d)) == "declared_attr" for d in stmt.decorator_list):
                    columns.append(self._declared_attr(stmt))
                if stmt.name == "load_dialect_impl":
                    dialect_impl = self._dialect_impl(stmt)
                continue
            target, annotation, value = _assignment(stmt)
            if target is None:
                continue
            if target == "__tablename__":
                tablename = True
            elif target == "__table__":
                tablename = open_ = True
            elif target == "__abstract__":
                abstract = isinstance(value, ast.Constant) and value.value is True
            elif target == "impl" and value is not None:
                impl = type_ref(value, resolver)
            elif target == "type_annotation_map" and isinstance(value, ast.Dict):
                for key, item in zip(value.keys, value.values, strict=True):
                    if key is not None:
                        type_map.append((normalise_annotation(key), type_ref(item, resolver)))
            elif target.startswith("__") and target.endswith("__"):
                if target == "__table_args__" and "autoload" in ast.unparse(stmt):
                    open_ = True
            else:
                column = self._column(target, annotation, value)
                if column is not None:
                    columns.append(column)
                else:
                    members.append(target)
        if any("DeferredReflection" in b or b.endswith("automap_base") for b in bases):
            open_ = True
        if dialect_impl is not None:
            impl = _join([r for r in (impl, dialect_impl) if r is not None])
        return ClassFacts(
            name=node.name,
            qualname=self.qualname,
            bases=bases,
            decorators=decorators,
            table_keyword=table_keyword,
            tablename=tablename,
            abstract=abstract,
            open=open_,
            impl=impl,
            type_map=tuple(type_map),
            columns=tuple(columns),
            members=tuple(members),
            fields=self._fields(),
            line=node.lineno,
        )

    def _declared_attr(self, node: Function) -> ColumnFacts:
        """A `@declared_attr` method: the column its `return` builds, else an opaque attribute."""
        for stmt in node.body:
            if isinstance(stmt, ast.Return) and stmt.value is not None:
                column = self._column(node.name, node.returns, stmt.value)
                if column is not None:
                    return column
        return ColumnFacts(node.name, "other")

    def _dialect_impl(self, node: Function) -> TypeRef | None:
        """The JSON types a `load_dialect_impl` may return (`dialect.type_descriptor(JSONB())`)."""
        names = [
            name
            for inner in ast.walk(node)
            if isinstance(inner, ast.Name | ast.Attribute)
            for name in [self.resolver.resolve(inner)]
            if name and name.rsplit(".", 1)[-1] in _JSON_SHORT  # `JSONB as PG_JSONB` too
        ]
        return TypeRef(tuple(dict.fromkeys(names))) if names else None

    def _column(
        self, attr: str, annotation: ast.expr | None, value: ast.expr | None
    ) -> ColumnFacts | None:
        mapped = mapped_argument(annotation)
        if isinstance(value, ast.Call):
            factory = last_name(value.func)
            if factory in RELATIONSHIP_FACTORIES:
                return ColumnFacts(attr, "relationship")
            if factory in COLUMN_FACTORIES or factory == "Field":
                kind: ColumnKind = "column"
                if factory == "column_property" and not any(
                    isinstance(a, ast.Call) and last_name(a.func) in COLUMN_FACTORIES
                    for a in positional(value)
                ):
                    kind = "other"
                return ColumnFacts(attr, kind, column_type(value, self.resolver), mapped)
            if factory in OTHER_MAPPED:
                return ColumnFacts(attr, "other")
        if mapped is not None:
            return ColumnFacts(attr, "column", None, mapped)
        return None

    def _fields(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """`self.session: AsyncSession`, `self.repo = Repo(...)`, class-level annotations."""
        found: dict[str, tuple[str, ...]] = {}
        resolver = self.resolver
        for stmt in self.node.body:
            if (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and mapped_argument(stmt.annotation) is None
            ):
                declared = _qualified(annotation_names(stmt.annotation), resolver)
                if declared:
                    found[stmt.target.id] = declared
        for stmt in self.node.body:
            if not isinstance(stmt, FUNCTION_NODES) or stmt.name != "__init__":
                continue
            params = {
                a.arg: _qualified(annotation_names(a.annotation), resolver)
                for a in (*stmt.args.posonlyargs, *stmt.args.args, *stmt.args.kwonlyargs)
            }
            for inner in ast.walk(stmt):
                target: ast.expr | None = None
                value: ast.expr | None = None
                names: tuple[str, ...] = ()
                if isinstance(inner, ast.AnnAssign):
                    target, value = inner.target, inner.value
                    names = _qualified(annotation_names(inner.annotation), resolver)
                elif isinstance(inner, ast.Assign) and len(inner.targets) == 1:
                    target, value = inner.targets[0], inner.value
                if not (isinstance(target, ast.Attribute) and dotted(target.value) == "self"):
                    continue
                if not names and isinstance(value, ast.Name) and value.id in params:
                    names = params[value.id]
                if not names and isinstance(value, ast.Call):
                    called = resolver.resolve(value.func)
                    names = (f"{called}()",) if called else ()
                if names:
                    found.setdefault(target.attr, names)
        return tuple(sorted(found.items()))


def _decorator(node: ast.expr) -> ast.expr:
    return node.func if isinstance(node, ast.Call) else node


def _qualified(names: list[str], resolver: Resolver) -> tuple[str, ...]:
    return tuple(q for q in (resolver.qualify(n) for n in names) if q)


def _module_bindings(tree: ast.Module, module: str, resolver: Resolver) -> dict[str, list[str]]:
    """Module-level names bound to bases, Flask-SQLAlchemy objects, registries, factories."""
    found: dict[str, list[str]] = {
        "bases": [],
        "flask": [],
        "registries": [],
        "sessions": [],
        "scoped": [],
    }
    for stmt in tree.body:
        target, _annotation, value = _assignment(stmt)
        if target is None or not isinstance(value, ast.Call):
            continue
        qualified = f"{module}.{target}" if module else target
        called = last_name(value.func)
        full = resolver.resolve(value.func) or ""
        if called in BASE_FACTORIES:
            found["bases"].append(qualified)
        elif called == "SQLAlchemy":
            found["flask"].append(qualified)
        elif called == "registry" and "sqlalchemy" in full:
            found["registries"].append(qualified)
        elif called in SESSION_FACTORIES:
            found["sessions"].append(qualified)
            if called in ("scoped_session", "async_scoped_session"):
                found["scoped"].append(qualified)
    return found


def _aliases(tree: ast.Module, module: str, resolver: Resolver) -> tuple[tuple[str, TypeRef], ...]:
    """Module-level names bound to type expressions that may be JSON (resolved at index time)."""
    found: list[tuple[str, TypeRef]] = []
    for stmt in tree.body:
        target, _annotation, value = _assignment(stmt)
        if target is None or value is None:
            continue
        if isinstance(value, ast.Call | ast.Attribute | ast.Name):
            text = ast.unparse(value)
            if "JSON" in text or "as_mutable" in text or "Json" in text:
                ref = type_ref(value, resolver)
                if ref.names:
                    found.append((f"{module}.{target}" if module else target, ref))
    return tuple(found)


def _associations(tree: ast.Module, resolver: Resolver) -> tuple[tuple[str, Tracking], ...]:
    """Module-level `MutableDict.associate_with(JSONB)`: columns of that type are mutable."""
    found: list[tuple[str, Tracking]] = []
    for stmt in tree.body:
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "associate_with"
        ):
            continue
        wrapper = last_name(call.func.value) or ""
        tracking: Tracking = "top" if wrapper in MUTABLE_WRAPPERS else "deep"
        for arg in positional(call)[:1]:
            for name in type_ref(arg, resolver).names:
                found.append((name, tracking))
    return tuple(found)


def file_facts(
    tree: ast.Module, module: str = "", is_package: bool = False, source: str | None = None
) -> FileFacts:
    """Extract the index facts of one parsed module (one walk of its tree).

    With the `source`, function bodies whose text mentions nothing a summary
    records are not walked.
    """
    wanted = None
    if source is not None:
        hits = LineHits(source, BODY_WORDS)

        def wanted(node: Function) -> bool:
            return hits.any_between(node.lineno, node.end_lineno or node.lineno)

    collected = collect(tree, module, wanted)
    table = import_table(tree, module, is_package, collected.imports)
    resolver = Resolver(table, top_level_names(tree))
    classes = [
        _ClassReader(node, qualname, resolver).read() for node, qualname in collected.classes
    ]
    bindings = _module_bindings(tree, module, resolver)
    functions, call_flags = function_facts(collected, resolver, source)
    return FileFacts(
        module=module,
        classes=tuple(classes),
        functions=functions,
        bases=tuple(bindings["bases"]),
        flask_dbs=tuple(bindings["flask"]),
        registries=tuple(bindings["registries"]),
        session_factories=tuple(bindings["sessions"]),
        scoped_sessions=tuple(bindings["scoped"]),
        aliases=_aliases(tree, module, resolver),
        call_flags=call_flags,
        associations=_associations(tree, resolver),
        imports=table,
    )
