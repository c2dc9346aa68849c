"""What a function's local names hold: ORM objects of which model, sessions, loops, executors.

Flow-insensitive on purpose (one pass over the function): the flow analyses
decide *when* something happens; this decides *what* a name holds, which
rarely changes within one function. Types come from annotations (resolved
through the module's imports), constructors, session loaders and the return
types of project functions, never from a name alone.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Literal

from lint_rules.index import ProjectIndex
from lint_rules.modules import Resolver
from lint_rules.summaries import (
    LOADERS,
    SESSION_TYPES,
    FunctionFacts,
    is_session_name,
    loaded_classes,
)
from lint_rules.syntax import (
    Function,
    annotation_names,
    dotted,
    last_name,
    positional,
    unwrap_await,
    walk_shallow,
)

Kind = Literal[
    "model",
    "models",
    "session",
    "loop",
    "taskgroup",
    "background",
    "executor",
    "thread",
    "task",
    "object",
    "plain",
]

#: type names (last part) that hold spawners or threads
_KIND_BY_TYPE: dict[str, Kind] = {
    "AbstractEventLoop": "loop",
    "BaseEventLoop": "loop",
    "TaskGroup": "taskgroup",
    "BackgroundTasks": "background",
    "Executor": "executor",
    "ThreadPoolExecutor": "executor",
    "ProcessPoolExecutor": "executor",
    "Thread": "thread",
    "Process": "thread",
    "Timer": "thread",
    "Task": "task",
}
_PLAIN_TYPES = frozenset(
    {"dict", "list", "str", "int", "float", "bool", "bytes", "Dict", "List", "Mapping", "Any"}
)
#: methods of a `Result` that give one row / many rows
_RESULT_ROWS = frozenset(
    {"scalar_one", "scalar_one_or_none", "scalar", "first", "one", "one_or_none"}
)
_RESULT_LISTS = frozenset({"scalars", "all", "unique", "fetchall"})
_LOOP_CALLS = frozenset({"get_event_loop", "get_running_loop", "new_event_loop"})
_TASK_GROUP_CALLS = frozenset({"TaskGroup", "create_task_group", "open_nursery"})


@dataclass(frozen=True)
class Value:
    """What a name holds. `model` is a qualified model name (or "" when the model is unknown)."""

    kind: Kind
    model: str | None = None
    #: loaded through a session or passed in (a persistent row), not constructed here
    persistent: bool = True
    #: the class of an `object` value
    cls: str | None = None


PLAIN = Value("plain")


@dataclass
class FunctionScope:
    """Facts about one function's names."""

    index: ProjectIndex
    resolver: Resolver
    owner: str | None = None
    names: dict[str, Value] = field(default_factory=dict)
    #: name -> the names it was loaded by (`doc = session.get(Doc, doc_id)` gives doc_id)
    keys: dict[str, set[str]] = field(default_factory=dict)
    session_names: frozenset[str] = frozenset()
    params: tuple[str, ...] = ()
    _called: dict[int, FunctionFacts | None] = field(default_factory=dict, repr=False)

    def function_of(self, call: ast.Call) -> FunctionFacts | None:
        """The project function a call runs (memoised: flows revisit statements)."""
        key = id(call)
        if key not in self._called:
            qualname = self.index.resolve_function(self.callee(call))
            self._called[key] = self.index.function(qualname)
        return self._called[key]

    # -- what an expression is ------------------------------------------------------------------
    def value(self, node: ast.expr | None) -> Value | None:
        """The value an expression denotes, when it can be told."""
        if node is None:
            return None
        node = unwrap_await(node)
        if isinstance(node, ast.Name):
            if node.id in ("self", "cls") and self.owner:
                model = self.index.model(self.owner)
                if model is not None:
                    return Value("model", model.qualname)
                return Value("object", cls=self.owner)
            found = self.names.get(node.id)
            if found is None and node.id in self.session_names:
                return Value("session")
            return found
        if isinstance(node, ast.Attribute):
            base = self.value(node.value)
            if base is not None and base.kind == "object" and base.cls:
                return self.field(base.cls, node.attr)
            if (
                base is None
                and is_session_name(dotted(node))
                and dotted(node.value)
                in (
                    "self",
                    "cls",
                )
            ):
                return Value("session")
            name = dotted(node)
            if name is not None and self._is_flask_session(name):
                return Value("session")
            return None
        if isinstance(node, ast.Call):
            return self.call_value(node)
        if isinstance(node, ast.Dict | ast.List | ast.Set | ast.Constant | ast.JoinedStr):
            return PLAIN
        return None

    def _is_flask_session(self, name: str) -> bool:
        if not name.endswith(".session"):
            return False
        qualified = self.resolver.qualify(name[: -len(".session")])
        return qualified is not None and self.index.canonical(qualified) in self.index.flask_dbs

    def field(self, cls: str, attr: str) -> Value | None:
        """The declared type of `self.attr` in class `cls` (or an ancestor)."""
        for ancestor in self.index.ancestors(cls):
            for name, types in self.index.classes[ancestor].fields:
                if name == attr:
                    return self.from_types(types)
        if is_session_name(attr):
            return Value("session")
        return None

    def from_types(self, types: tuple[str, ...] | list[str]) -> Value | None:
        """A value from qualified type names (an annotation's, or `X()` for a constructor)."""
        for name in types:
            constructed = name.endswith("()")
            name = name.removesuffix("()")
            short = name.rsplit(".", 1)[-1]
            cls = self.index.resolve_class(name)
            if cls is not None and cls in self.index.models:
                return Value("model", cls, persistent=not constructed)
            if _is_session_type(name) or self.index.canonical(name) in self.index.session_factories:
                return Value("session")
            if short in _KIND_BY_TYPE:
                return Value(_KIND_BY_TYPE[short])
            if cls is not None:
                return Value("object", cls=cls)
            if short in _PLAIN_TYPES:
                return PLAIN
        return None

    def call_value(self, call: ast.Call) -> Value | None:
        """What a call returns: a model instance, a loaded row, a session, a loop..."""
        func = call.func
        qualified = self.resolver.resolve(func) or ""
        short = last_name(func) or ""
        cls = self.index.resolve_class(qualified) if qualified else None
        if cls is not None:
            if cls in self.index.models:
                return Value("model", cls, persistent=False)
            return Value("object", cls=cls)
        if _is_session_type(qualified) and short != "sessionmaker":
            return Value("session")
        canonical = self.index.canonical(qualified) if qualified else ""
        if canonical in self.index.session_factories:
            return Value("session")
        if isinstance(func, ast.Call) and last_name(func.func) in (
            "sessionmaker",
            "async_sessionmaker",
        ):
            return Value("session")
        if short in _LOOP_CALLS:
            return Value("loop")
        if short in _TASK_GROUP_CALLS:
            return Value("taskgroup")
        if short in ("ThreadPoolExecutor", "ProcessPoolExecutor"):
            return Value("executor")
        if short in ("Thread", "Process", "Timer"):
            return Value("thread")
        if qualified in ("asyncio.create_task", "asyncio.ensure_future"):
            return Value("task")
        loaded = self.loads(call)
        if loaded is not None:
            return loaded
        if isinstance(func, ast.Attribute) and short in _RESULT_ROWS | _RESULT_LISTS:
            result = self.value(func.value)  # `result.scalar_one()` on a name bound to a Result
            if result is not None and result.kind in ("model", "models"):
                return Value("models" if short in _RESULT_LISTS else "model", result.model)
        function = self.function_of(call)
        if function is not None:
            returned = self.from_types(function.returns)
            if returned is not None and returned.kind in ("model", "session"):
                return returned
            for name in function.returns_loaded:
                model = self.index.resolve_class(name)
                if model in self.index.models:
                    return Value("model", model)
        return None

    def callee(self, call: ast.Call) -> str | None:
        """The qualified name of a call's target (`Owner.method` for `self.method()`)."""
        func = call.func
        if isinstance(func, ast.Attribute):
            base = self.value(func.value)
            if base is not None and base.kind == "object" and base.cls:
                return f"{base.cls}.{func.attr}"
            if base is not None and base.kind == "model" and base.model:
                return f"{base.model}.{func.attr}"
        return self.resolver.resolve(func)

    def loads(self, expr: ast.expr) -> Value | None:
        """If `expr` loads ORM rows (a session loader, `Model.query`), the value it gives."""
        expr = unwrap_await(expr)
        through_session = False
        plural = False
        for node in ast.walk(expr):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                method = node.func.attr
                if method in LOADERS and self.is_session(node.func.value):
                    through_session = True
                if method in ("all", "scalars", "fetchall") and not (
                    method == "scalars" and _has_first(expr)
                ):
                    plural = True
            if isinstance(node, ast.Attribute) and node.attr == "query":
                base = self.resolver.resolve(node.value)
                if base and self.index.resolve_class(base) in self.index.models:
                    through_session = True
        if not through_session:
            return None
        classes = [self.index.resolve_class(n) for n in loaded_classes(expr, self.resolver)]
        models = [c for c in classes if c is not None and c in self.index.models]
        model = models[0] if models else ""
        if classes and not models and all(c is not None for c in classes):
            return None  # loads a class we know and which is not a model
        return Value("models" if plural else "model", model)

    def is_session(self, node: ast.expr) -> bool:
        """`session`, `db`, `self.session`, a name bound to a Session, `db.session` (Flask)."""
        value = self.value(node)
        if value is not None:
            return value.kind == "session"
        name = dotted(node)
        if name is None:
            return False
        return name.rsplit(".", 1)[-1] in self.session_names or (
            "." in name and is_session_name(name)
        )

    def model_of(self, node: ast.expr) -> str | None:
        """The model an ORM receiver holds ("" if ORM but unknown model), else `None`."""
        value = self.value(node)
        if value is not None and value.kind == "model":
            return value.model
        return None


def _is_session_type(name: str) -> bool:
    """SQLAlchemy's `Session`/`AsyncSession`/`scoped_session` (not `requests.Session`)."""
    short = name.rsplit(".", 1)[-1]
    if short not in SESSION_TYPES:
        return False
    root = name.split(".", 1)[0]
    return "." not in name or root in ("sqlalchemy", "sqlmodel", "flask_sqlalchemy", "sa", "orm")


def _has_first(expr: ast.expr) -> bool:
    return any(
        isinstance(n, ast.Attribute) and n.attr in ("first", "one", "one_or_none")
        for n in ast.walk(expr)
    )


def _param_value(scope: FunctionScope, arg: ast.arg, depends: dict[str, str]) -> Value | None:
    types = [scope.resolver.qualify(n) or n for n in annotation_names(arg.annotation)]
    value = scope.from_types(types)
    if value is not None:
        return value
    provider = depends.get(arg.arg)
    if provider is not None:
        function = scope.index.function(scope.index.resolve_function(provider))
        if function is not None:
            returned = scope.from_types(function.returns)
            if returned is not None:
                return returned
            if "session" in function.name.lower() or function.name in ("get_db", "get_database"):
                return Value("session")
    return None


def function_scope(
    function: Function,
    owner: str | None,
    index: ProjectIndex,
    resolver: Resolver,
    session_names: frozenset[str],
) -> FunctionScope:
    """Build the name facts of one function."""
    scope = FunctionScope(index, resolver, owner, session_names=session_names)
    args = function.args
    all_args = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    scope.params = tuple(a.arg for a in all_args)
    depends: dict[str, str] = {}
    defaults = [
        *([None] * (len(args.posonlyargs) + len(args.args) - len(args.defaults))),
        *args.defaults,
    ]
    for arg, default in [
        *zip([*args.posonlyargs, *args.args], defaults, strict=False),
        *zip(args.kwonlyargs, args.kw_defaults, strict=False),
    ]:
        nodes = [default] if default is not None else []
        if arg.annotation is not None:
            nodes.append(arg.annotation)
        for node in nodes:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and last_name(inner.func) in ("Depends", "Security"):
                    target = positional(inner)
                    qualified = resolver.resolve(target[0]) if target else None
                    if qualified:
                        depends[arg.arg] = qualified
    for arg in all_args:
        if arg.arg in ("self", "cls"):
            continue
        value = _param_value(scope, arg, depends)
        if value is not None:
            scope.names[arg.arg] = value
    _Binder(scope).bind(function)
    return scope


class _Binder:
    """One pass over the body: assignments, `with ... as`, `for` targets."""

    def __init__(self, scope: FunctionScope) -> None:
        self.scope = scope

    def bind(self, function: Function) -> None:
        nodes = [n for n in walk_shallow(function) if isinstance(n, ast.stmt)]
        nodes.sort(key=lambda n: (n.lineno, n.col_offset))
        for _ in range(2):  # a second round sees names bound later in the text (loops)
            for node in nodes:
                self.statement(node)

    def statement(self, node: ast.stmt) -> None:
        scope = self.scope
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            types = [scope.resolver.qualify(n) or n for n in annotation_names(node.annotation)]
            value = scope.from_types(types)
            if value is not None:
                scope.names[node.target.id] = value
            elif node.value is not None:
                self.assign(node.target.id, node.value)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.assign(target.id, node.value)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if isinstance(item.optional_vars, ast.Name):
                    self.with_item(item.optional_vars.id, item.context_expr)
        elif isinstance(node, ast.For | ast.AsyncFor) and isinstance(node.target, ast.Name):
            iterable = scope.value(node.iter)
            if iterable is not None and iterable.kind == "models":
                scope.names[node.target.id] = Value("model", iterable.model)
            elif iterable is None:
                loaded = scope.loads(node.iter)
                if loaded is not None:
                    scope.names[node.target.id] = Value("model", loaded.model)

    def assign(self, name: str, value: ast.expr) -> None:
        scope = self.scope
        found = scope.value(value)
        if found is not None:
            if (
                found.kind == "model"
                and found.persistent  # a constructor's arguments are values, not a key
                and name not in scope.names
                and isinstance(unwrap_await(value), ast.Call)
            ):
                keys = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
                scope.keys[name] = keys - {"session", "db", "select", "self"}
            scope.names[name] = found
        elif name in scope.names and scope.names[name].kind == "model":
            return  # keep what an earlier, clearer binding said

    def with_item(self, name: str, expr: ast.expr) -> None:
        scope = self.scope
        inner = unwrap_await(expr)
        value = scope.value(inner)
        func = inner.func if isinstance(inner, ast.Call) else None
        if (
            isinstance(func, ast.Attribute)
            and func.attr in ("begin", "begin_nested")
            and scope.is_session(func.value)
        ):
            scope.names[name] = Value("session")
            return
        if value is not None and value.kind in ("session", "taskgroup", "executor"):
            scope.names[name] = value
            return
        if isinstance(inner, ast.Call):
            function = scope.index.function(scope.index.resolve_function(scope.callee(inner)))
            if function is not None:
                text = " ".join(function.returns)
                if (
                    "Session" in text
                    or "session" in function.name.lower()
                    or function.qualname in scope.index.commits_on_exit  # yields what it commits
                ):
                    scope.names[name] = Value("session")
                    return
            text = ast.unparse(inner.func)
            if "session" in text.lower() and "maker" not in text.lower():
                scope.names[name] = Value("session")
