"""What a function's local names are: ORM objects of which model, sessions, threads.

Flow-insensitive on purpose (one pass over the function): the flow analysis
decides *when* something happens; this decides *what* a name holds, which
rarely changes within one function.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from lint_rules.index import ProjectIndex
from lint_rules.syntax import Imports, code, dotted, last_name, positional

NOT_ORM = "<not-orm>"
#: session methods that return ORM objects (possibly wrapped in a Result)
LOADERS = frozenset(
    {"get", "get_one", "scalar", "scalar_one", "scalars", "execute", "merge", "query"}
)
_SESSION_TYPES = ("Session", "AsyncSession", "scoped_session", "async_scoped_session")
_NOT_ORM_ANNOTATIONS = frozenset(
    {"dict", "list", "str", "int", "float", "bool", "bytes", "Dict", "List", "Mapping"}
)
_THREAD_CLASSES = frozenset({"Thread", "Process", "Timer"})


@dataclass
class FunctionScope:
    """Facts about one function's names."""

    models: dict[str, str] = field(default_factory=dict)
    sessions: set[str] = field(default_factory=set)
    orm_objects: set[str] = field(default_factory=set)
    threads: set[str] = field(default_factory=set)
    dml_statements: set[str] = field(default_factory=set)
    session_names: frozenset[str] = frozenset()
    owner_model: str | None = None

    def is_session(self, node: cst.BaseExpression) -> bool:
        """`session`, `db`, `self.session`, or a name bound to a Session."""
        name = dotted(node)
        if name is None:
            return False
        return name in self.sessions or name.rsplit(".", 1)[-1] in self.session_names

    def model_of(self, node: cst.BaseExpression) -> str | None:
        """The model a receiver holds, `NOT_ORM` if known not to be one, `None` if unknown."""
        if isinstance(node, cst.Name) and node.value in ("self", "cls"):
            return self.owner_model or NOT_ORM
        if isinstance(node, cst.Name):
            return self.models.get(node.value)
        return None


def _annotation_name(annotation: cst.BaseExpression) -> str | None:
    """`Interview` for `Interview`, `Interview | None`, `Optional[Interview]`, `"Interview"`."""
    if isinstance(annotation, cst.BinaryOperation):
        for side in (annotation.left, annotation.right):
            name = _annotation_name(side)
            if name not in (None, "None"):
                return name
        return None
    if isinstance(annotation, cst.Subscript):
        outer = last_name(annotation.value)
        if outer in ("Optional", "Annotated"):
            element = annotation.slice[0].slice
            if isinstance(element, cst.Index):
                return _annotation_name(element.value)
        return outer
    if isinstance(annotation, cst.SimpleString):
        text = annotation.evaluated_value
        return text.rsplit(".", 1)[-1] if isinstance(text, str) else None
    return last_name(annotation)


def _calls_in(node: cst.CSTNode) -> list[cst.Call]:
    found: list[cst.Call] = []

    class _Collector(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            found.append(call)

    node.visit(_Collector())
    return found


def dml_kind(node: cst.BaseExpression | None) -> str | None:
    """`update` for `update(Doc).where(...).values(...)`, `sa.insert(...)`, `text("UPDATE ...")`."""
    while isinstance(node, cst.Call):
        name = last_name(node.func)
        if name in ("insert", "update", "delete") and not isinstance(node.func, cst.Attribute):
            return name
        if isinstance(node.func, cst.Attribute) and name in ("insert", "update", "delete"):
            base = dotted(node.func.value)
            if base is not None and base.split(".")[0] in ("sa", "sqlalchemy", "postgresql", "pg"):
                return name
        if name == "text":
            args = positional(node)
            if args and isinstance(args[0], cst.SimpleString):
                text = str(args[0].evaluated_value).lstrip().lower()
                for verb in ("insert", "update", "delete"):
                    if text.startswith(verb):
                        return verb
            return None
        node = node.func.value if isinstance(node.func, cst.Attribute) else None
    return None


class _ScopeBuilder(cst.CSTVisitor):
    def __init__(self, scope: FunctionScope, index: ProjectIndex, imports: Imports) -> None:
        self.scope = scope
        self.index = index
        self.imports = imports

    def _classify_annotation(self, name: str, annotation: cst.BaseExpression) -> None:
        text = code(annotation)
        if any(t in text for t in _SESSION_TYPES) or text.endswith("SessionDep"):
            self.scope.sessions.add(name)
            return
        target = _annotation_name(annotation)
        if target is None:
            return
        if target in self.index.models:
            self.scope.models[name] = target
            self.scope.orm_objects.add(name)
        elif target in self.index.classes or target in _NOT_ORM_ANNOTATIONS:
            self.scope.models[name] = NOT_ORM

    def visit_Param(self, node: cst.Param) -> None:
        if node.annotation is not None:
            self._classify_annotation(node.name.value, node.annotation.annotation)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name):
            self._classify_annotation(node.target.value, node.annotation.annotation)
            if node.value is not None:
                self._bind(node.target.value, node.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self._bind(target.target.value, node.value)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None and isinstance(node.asname.name, cst.Name):
            text = code(node.item)
            if "ession" in text or "begin" in text:
                self.scope.sessions.add(node.asname.name.value)

    def visit_For(self, node: cst.For) -> None:
        if isinstance(node.target, cst.Name) and self._loads(node.iter):
            self.scope.orm_objects.add(node.target.value)

    def _loads(self, value: cst.BaseExpression) -> str | None:
        """If `value` loads ORM objects through a session, the model (or "" if unknown)."""
        for call in _calls_in(value):
            func = call.func
            if (
                isinstance(func, cst.Attribute)
                and func.attr.value in LOADERS
                and self.scope.is_session(func.value)
            ):
                for inner in _calls_in(value):
                    args = positional(inner)
                    if last_name(inner.func) in ("select", "get", "get_one", "query") and args:
                        model = last_name(args[0])
                        if model in self.index.models:
                            return model
                return ""
        return None

    def _bind(self, name: str, value: cst.BaseExpression) -> None:
        if isinstance(value, cst.Await):
            value = value.expression
        if dml_kind(value):
            self.scope.dml_statements.add(name)
        if isinstance(value, cst.Dict | cst.List | cst.SimpleString | cst.Integer):
            self.scope.models.setdefault(name, NOT_ORM)
            return
        if isinstance(value, cst.Call):
            callee = last_name(value.func)
            if callee in _THREAD_CLASSES:
                self.scope.threads.add(name)
                return
            if callee in self.index.models:
                self.scope.models[name] = callee
                self.scope.orm_objects.add(name)
                return
            if callee is not None and callee in self.index.classes:
                self.scope.models.setdefault(name, NOT_ORM)
                return
            qualified = self.imports.resolve(value.func) or ""
            if "sessionmaker" in qualified or callee in _SESSION_TYPES:
                self.scope.sessions.add(name)
                return
        model = self._loads(value)
        if model is not None:
            self.scope.orm_objects.add(name)
            if model:
                self.scope.models[name] = model


def function_scope(
    function: cst.FunctionDef,
    owner: cst.ClassDef | None,
    index: ProjectIndex,
    imports: Imports,
    session_names: frozenset[str],
) -> FunctionScope:
    """Build the name facts of one function."""
    owner_name = owner.name.value if owner is not None else None
    scope = FunctionScope(
        session_names=session_names,
        owner_model=owner_name if owner_name in index.models else None,
    )
    function.visit(_ScopeBuilder(scope, index, imports))
    return scope
