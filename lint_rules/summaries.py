"""Per-function summaries: what calling a project function does to the caller's unit of work.

`obj.save(db)` commits if `save`'s body commits; `repo.create(...)` leaves a
write pending if its body adds and flushes; `start_processing(id)` spawns if
its body does; a Celery task reads what its body selects. Each summary is
extracted from one function's own body (so it is cached with its file) and
closed over the call graph when the index is built.
"""

from __future__ import annotations

import ast
import bisect
import re
from dataclasses import dataclass, replace

from lint_rules.collect import Bucket, Collected
from lint_rules.modules import Resolver
from lint_rules.syntax import (
    Function,
    annotation_names,
    calls_in,
    dotted,
    keyword,
    last_name,
    positional,
    string_value,
    walk_shallow,
)

#: session methods that write (make the unit of work dirty)
WRITE_METHODS = frozenset(
    {
        "add",
        "add_all",
        "delete",
        "merge",
        "bulk_save_objects",
        "bulk_insert_mappings",
        "bulk_update_mappings",
    }
)
#: session methods that load ORM objects (possibly wrapped in a Result)
LOADERS = frozenset(
    {"get", "get_one", "scalar", "scalar_one", "scalars", "execute", "merge", "query", "refresh"}
)
MUTATORS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "pop",
        "remove",
        "clear",
        "sort",
        "reverse",
        "update",
        "setdefault",
        "popitem",
        "discard",
        "add",
    }
)
SESSION_TYPES = frozenset(
    {"Session", "AsyncSession", "scoped_session", "async_scoped_session", "sessionmaker"}
)
#: packages whose session a `session` name can be (a module importing one of them uses it)
ORM_ROOTS = frozenset({"sqlalchemy", "sqlmodel", "flask_sqlalchemy", "fastapi_sqlalchemy"})
SESSION_NAMES = frozenset(
    {"session", "db", "db_session", "async_session", "dbsession", "sess", "database_session"}
)
#: a function body is read only if its text says one of these (the rest cannot matter)
BODY_WORDS = re.compile(
    # grouped so that most positions fail on the first character (twice as fast as a flat
    # alternation); `db` and `yield` without a leading `\b` only let more bodies through
    # `.x.append(`, `.x[k] =`: a parameter's attribute changed in place (not `self.x`)
    r"commit|flush|[sS]ession|db\b|\.(?:add\(|add_all|delete\(|merge\(|execute\(|send\("
    r"|(?<!self\.)\w+(?:\.(?:append|extend|insert|update|setdefault|pop|remove|clear)\("
    r"|\[[^\]\n]*\]\s*=))"
    r"|bulk_|flag_modified|select\(|query|objects|create_task|ensure_future|add_task|delay\("
    r"|apply_async|Thread|submit\(|run_in_executor|start_soon|enqueue|yield\b|save|listen"
)


def call_names_by_line(source: str) -> list[tuple[int, str]]:
    """`(line, name)` for every `name(` / `self.name(` in the text, sorted (one regex pass)."""
    found: list[tuple[int, str]] = []
    line, last = 1, 0
    for match in _CALL_TEXT.finditer(source):
        start = match.start()
        line += source.count("\n", last, start)
        last = start
        found.append((line, match.group(1)))
    return found


_CALL_TEXT = re.compile(r"(?<![.\w])((?:self\.)?[A-Za-z_]\w*)\s*\(")
#: method names that may start work (checked further by `is_spawn_call`)
SPAWN_NAMES = frozenset(
    {
        "create_task",
        "ensure_future",
        "delay",
        "apply_async",
        "add_task",
        "run_in_executor",
        "start_soon",
        "start",
    }
)
#: calls whose first argument may name a loaded class
LOADER_CALLS = frozenset({"select", "get", "get_one", "query", "get_or_404"})
_THREADS = frozenset({"Thread", "Process", "Timer"})
#: decorators that make a function a task a worker runs later (Celery, Dramatiq, Huey, RQ...)
TASK_DECORATORS = frozenset({"task", "shared_task", "actor", "periodic_task", "job"})
#: calls that defer work until the surrounding transaction commits
AFTER_COMMIT_CALLS = frozenset(
    {"on_commit", "after_commit", "add_after_commit_hook", "run_after_commit", "defer_after_commit"}
)


@dataclass(frozen=True)
class FlagFacts:
    """`flag_modified(param, "attr")` (or `flag_modified(param, attr_param)`) on every path."""

    param: str
    attr: str | None = None
    attr_param: str | None = None


@dataclass(frozen=True)
class CallFlag:
    """`callee(obj, ...)` followed in the caller by `flag_modified(obj, "attr")`."""

    callee: str
    position: int
    attr: str | None


@dataclass(frozen=True)
class FunctionFacts:
    """One function's summary (unresolved names are qualified through the file's imports)."""

    qualname: str
    name: str
    owner: str | None = None
    params: tuple[str, ...] = ()
    param_types: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: FastAPI-style `param = Depends(provider)` defaults: param -> provider
    depends: tuple[tuple[str, str], ...] = ()
    is_async: bool = False
    decorators: tuple[str, ...] = ()
    is_task: bool = False
    task_base: str | None = None
    returns: tuple[str, ...] = ()
    #: classes returned through a loader: `return session.get(X, id)` gives `X`
    returns_loaded: tuple[str, ...] = ()
    commits: bool = False
    commits_after_yield: bool = False
    #: writes through a SQLAlchemy session (add, delete, merge, DML, flush)
    writes: bool = False
    #: types of parameters whose attributes it assigns (the index decides which are models)
    writes_params: tuple[str, ...] = ()
    flags: tuple[FlagFacts, ...] = ()
    #: `(param, attr)`: the body changes `param.attr` in place and never flags it
    mutates: tuple[tuple[str, str], ...] = ()
    spawns: bool = False
    #: parameters passed on into the spawned work (`*` for its `*args`)
    spawn_params: tuple[str, ...] = ()
    #: attributes whose stored callables it spawns (`for w in plan.after_commit: spawn(w())`)
    spawned_fields: tuple[str, ...] = ()
    #: parameters it attaches to a session of its own (`session.merge(p)`, `session.add(p)`)
    reattaches: tuple[str, ...] = ()
    after_commit: bool = False
    #: classes loaded by the body (`select(X)`, `session.get(X, ...)`, `X.query`)
    reads: tuple[str, ...] = ()
    #: every callee, qualified where possible (`Owner.method` for `self.method()`)
    calls: tuple[str, ...] = ()
    line: int = 0


def _name_of_first(call: ast.Call) -> list[str]:
    first = positional(call)[:1]
    return [first[0].id] if first and isinstance(first[0], ast.Name) else []


def is_session_name(name: str | None) -> bool:
    """`session`, `db`, `self._session`, `db_session`... by the last part of a dotted name."""
    if not name:
        return False
    last = name.rsplit(".", 1)[-1].lstrip("_")
    return last in SESSION_NAMES or last.endswith("session")


def loaded_classes(expr: ast.AST, resolver: Resolver, shallow: bool = False) -> list[str]:
    """Classes a session/query expression loads: `select(X)`, `.get(X, 1)`, `.query(X)`.

    `shallow` reads only `expr` itself (a call the caller already found).
    """
    found: list[str] = []
    calls = [expr] if shallow and isinstance(expr, ast.Call) else calls_in(expr)
    for call in calls:
        name = last_name(call.func)
        args = positional(call)
        if name in LOADER_CALLS and args:
            first = args[0]
            target = resolver.resolve(first)
            if target and isinstance(first, ast.Name | ast.Attribute):
                found.append(target)
    if not shallow:
        for node in ast.walk(expr):
            if isinstance(node, ast.Attribute) and node.attr in ("query", "objects"):
                target = resolver.resolve(node.value)
                if target and isinstance(node.value, ast.Name | ast.Attribute):
                    found.append(target)
    return found


def is_spawn_call(call: ast.Call, resolver: Resolver) -> bool:
    """A call that obviously starts concurrent work, judged without the index."""
    qualified = resolver.resolve(call.func) or ""
    name = last_name(call.func) or ""
    if qualified in ("asyncio.create_task", "asyncio.ensure_future", "asyncio.gather"):
        return qualified != "asyncio.gather"
    if name in ("delay", "apply_async", "add_task", "run_in_executor", "start_soon"):
        return True
    if name == "start" and isinstance(call.func, ast.Attribute):
        owner = call.func.value
        return isinstance(owner, ast.Call) and last_name(owner.func) in ("Thread", "Process")
    return False


def _callable_names(call: ast.Call) -> list[str]:
    """Local names a spawn runs: `w` in `create_task(w())`, `add_task(w, ...)`."""
    found: list[str] = []
    for arg in positional(call)[:2]:
        if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name):
            found.append(arg.func.id)
        elif isinstance(arg, ast.Name):
            found.append(arg.id)
    return found


class _Summariser:
    """Reads one function's collected nodes (nested functions are summarised on their own)."""

    def __init__(self, bucket: Bucket, resolver: Resolver, uses_orm: bool = True) -> None:
        node = bucket.node
        self.uses_orm = uses_orm
        assert node is not None
        self.node = node
        self.bucket = bucket
        self.owner = bucket.owner
        self.resolver = resolver
        self.qualname = bucket.qualname
        args = node.args
        every = (*args.posonlyargs, *args.args, *args.kwonlyargs)
        self.params = tuple(a.arg for a in every)
        self.param_types = {a.arg: self._qualified(annotation_names(a.annotation)) for a in every}

    def _qualified(self, names: list[str]) -> tuple[str, ...]:
        return tuple(q for q in (self.resolver.qualify(n) for n in names) if q)

    def _callee(self, call: ast.Call) -> str | None:
        func = call.func
        if isinstance(func, ast.Attribute):
            base = dotted(func.value)
            if base in ("self", "cls") and self.owner:
                return f"{self.owner}.{func.attr}"
            types = self.param_types.get(base or "")
            if types:
                return f"{types[0]}.{func.attr}"
            if isinstance(func.value, ast.Call):
                inner = self.resolver.resolve(func.value.func)
                return f"{inner}().{func.attr}" if inner else None
        return self.resolver.resolve(func)

    def _depends(self) -> tuple[tuple[str, str], ...]:
        args = self.node.args
        found: list[tuple[str, str]] = []
        positional_args = [*args.posonlyargs, *args.args]
        with_defaults = positional_args[len(positional_args) - len(args.defaults) :]
        pairs = list(zip(with_defaults, args.defaults, strict=True))
        pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d]
        for arg, default in pairs:
            provider = _depends_target(default)
            if provider is not None:
                qualified = self.resolver.resolve(provider)
                if qualified:
                    found.append((arg.arg, qualified))
        for arg in positional_args + list(args.kwonlyargs):
            if arg.annotation is None or arg.arg in dict(found):
                continue
            for inner in ast.walk(arg.annotation):
                provider = _depends_target(inner) if isinstance(inner, ast.Call) else None
                qualified = self.resolver.resolve(provider) if provider is not None else None
                if qualified:
                    found.append((arg.arg, qualified))
        return tuple(found)

    def signature(self, called: list[str] | None = None) -> FunctionFacts:
        """What the `def` line says (a body with nothing the index needs is not read).

        The calls it makes are read from its text, for the call graph: a wrapper
        around a helper that commits or spawns commits or spawns too.
        """
        node = self.node
        callees: list[str] = []
        for name in called or ():
            if name.startswith("self."):
                if self.owner:
                    callees.append(f"{self.owner}.{name[5:]}")
            elif name != node.name:
                qualified = self.resolver.qualify(name)
                if qualified and self.resolver.is_bound(name):
                    callees.append(qualified)
        decorators = tuple(
            self.resolver.resolve(d.func if isinstance(d, ast.Call) else d) or ""
            for d in node.decorator_list
        )
        task_base = None
        for decorator in node.decorator_list:
            base = keyword(decorator, "base") if isinstance(decorator, ast.Call) else None
            task_base = self.resolver.resolve(base) if base is not None else task_base
        return FunctionFacts(
            qualname=self.qualname,
            name=node.name,
            owner=self.owner,
            params=self.params,
            param_types=tuple((k, v) for k, v in self.param_types.items() if v),
            depends=self._depends(),
            is_async=isinstance(node, ast.AsyncFunctionDef),
            decorators=decorators,
            is_task=any(d.rsplit(".", 1)[-1] in TASK_DECORATORS for d in decorators if d),
            task_base=task_base,
            returns=self._qualified(annotation_names(node.returns)),
            calls=tuple(dict.fromkeys(callees))[:64],
            line=node.lineno,
        )

    def summarise(self) -> FunctionFacts:
        node, bucket = self.node, self.bucket
        callees: list[str] = []
        commits = writes = spawns = after_commit = False
        commit_lines: list[int] = []
        spawn_params: set[str] = set()
        spawned: set[str] = set()
        reattaches: list[str] = []
        reads: list[str] = []
        threads = [c for c in bucket.calls if last_name(c.func) in _THREADS]
        varargs = node.args.vararg.arg if node.args.vararg is not None else None
        for call in bucket.calls:
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            callee = self._callee(call)
            if callee:
                callees.append(callee)
            if name == "commit" and isinstance(func, ast.Attribute):
                commits = True
                commit_lines.append(call.lineno)
            elif name in AFTER_COMMIT_CALLS or self._listens_after_commit(call):
                after_commit = True
            elif (
                isinstance(func, ast.Attribute)
                and (name in WRITE_METHODS or name == "flush" or name == "execute")
                and self._is_session(func.value)
                and (name != "execute" or is_dml(positional(call)[:1]))
            ):
                writes = True
                if name == "add":
                    reattaches.extend(_name_of_first(call))
            if name == "merge" and isinstance(func, ast.Attribute):
                reattaches.extend(_name_of_first(call))  # `own.merge(p)`: any receiver merges
            started = (
                name == "start"
                and threads
                and isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
            )
            if started or (name in SPAWN_NAMES and is_spawn_call(call, self.resolver)):
                spawns = True
                spawned.update(_callable_names(call))
                # a thread started through a local name is given what its construction got
                for given in [call, *threads] if started else [call]:
                    for arg in ast.walk(given):
                        if isinstance(arg, ast.Name) and arg.id in self.params:
                            spawn_params.add(arg.id)
                        elif isinstance(arg, ast.Name) and arg.id == varargs:
                            spawn_params.add("*")
            if name in LOADER_CALLS:
                reads.extend(loaded_classes(call, self.resolver, shallow=True))
        for call in bucket.deferred_calls:
            name = last_name(call.func)
            if name in AFTER_COMMIT_CALLS:
                after_commit = True
        for attribute in bucket.queries:
            target = self.resolver.resolve(attribute.value)
            if target and isinstance(attribute.value, ast.Name | ast.Attribute):
                reads.append(target)
        first_yield = bucket.first_yield
        return replace(
            self.signature(),
            returns_loaded=self._returns_loaded(),
            commits=commits,
            commits_after_yield=bool(first_yield) and any(n > first_yield for n in commit_lines),
            writes=writes,
            writes_params=self._writes_params(),
            flags=_always_flags(node, self.params),
            mutates=self._mutates(),
            spawns=spawns,
            spawn_params=tuple(sorted(spawn_params)),
            spawned_fields=self._spawned_fields(spawned) if spawned else (),
            reattaches=tuple(p for p in dict.fromkeys(reattaches) if p in self.params),
            after_commit=after_commit,
            reads=tuple(dict.fromkeys(reads)),
            calls=tuple(dict.fromkeys(callees))[:64],
        )

    def _spawned_fields(self, names: set[str]) -> tuple[str, ...]:
        """Attributes iterated into a spawned name: `for work in plan.after_commit:`.

        Work stored in such an attribute elsewhere (`Plan(after_commit=[work])`)
        is spawned here, so what it captures crosses into a task (ORM003).
        """
        found: list[str] = []
        for node in walk_shallow(self.node):
            if (
                isinstance(node, ast.For | ast.AsyncFor)
                and isinstance(node.target, ast.Name)
                and node.target.id in names
                and isinstance(node.iter, ast.Attribute)
            ):
                found.append(node.iter.attr)
        return tuple(dict.fromkeys(found))

    def _is_session(self, node: ast.expr) -> bool:
        """A SQLAlchemy session: typed so, or named so in a module that uses SQLAlchemy."""
        name = dotted(node)
        if name is None:
            return False
        types = self.param_types.get(name, ())
        if types:
            return any(
                t.rsplit(".", 1)[-1] in SESSION_TYPES and t.split(".")[0] in ORM_ROOTS
                for t in types
            )
        if name.endswith("db.session"):
            return True  # Flask-SQLAlchemy's scoped session
        return self.uses_orm and is_session_name(name)

    def _listens_after_commit(self, call: ast.Call) -> bool:
        """`event.listen(session, "after_commit", fn)`, `@event.listens_for(...)` likewise."""
        if last_name(call.func) not in ("listen", "listens_for", "once"):
            return False
        return any(string_value(a) == "after_commit" for a in positional(call))

    def _returns_loaded(self) -> tuple[str, ...]:
        """Classes loaded by a call inside a `return` (`return await session.get(X, id)`)."""
        spans = [
            (r.lineno, r.end_lineno or r.lineno) for r in self.bucket.returns if r.value is not None
        ]
        if not spans:
            return ()
        found: list[str] = []
        for call in self.bucket.calls:
            if last_name(call.func) in LOADER_CALLS and any(
                a <= call.lineno <= b for a, b in spans
            ):
                found.extend(loaded_classes(call, self.resolver, shallow=True))
        for attribute in self.bucket.queries:
            if any(a <= attribute.lineno <= b for a, b in spans):
                target = self.resolver.resolve(attribute.value)
                if target:
                    found.append(target)
        return tuple(dict.fromkeys(found))

    def _mutates(self) -> tuple[tuple[str, str], ...]:
        """`param.attr.append(...)`, `param.attr[k] = v`, `del param.attr[k]`, never flagged here.

        The caller decides whether `attr` is a JSON column of the row it passes:
        the helper alone cannot tell (its parameter has no model annotation).
        """
        found: list[tuple[str, str]] = []

        def member(expr: ast.expr) -> None:
            while isinstance(expr, ast.Subscript):
                expr = expr.value
            if (
                isinstance(expr, ast.Attribute)
                and isinstance(expr.value, ast.Name)
                and expr.value.id in self.params
                and expr.value.id not in ("self", "cls")
            ):
                found.append((expr.value.id, expr.attr))

        flagged: set[str] = set()
        for call in self.bucket.calls:
            func = call.func
            if last_name(func) == "flag_modified":
                args = positional(call)
                flagged.add(dotted(args[0]) or "" if args else "")
            elif isinstance(func, ast.Attribute) and func.attr in MUTATORS:
                member(func.value)
        for target in self.bucket.stores:
            if isinstance(target, ast.Subscript):
                member(target.value)
        return tuple(dict.fromkeys(f for f in found if f[0] not in flagged))

    def _writes_params(self) -> tuple[str, ...]:
        """The types of parameters whose attributes it assigns (a model's: a pending write)."""
        found: list[str] = []
        for target in self.bucket.stores:
            if isinstance(target, ast.Attribute):
                base = dotted(target.value)
                if base in self.param_types and base not in ("self", "cls"):
                    found.extend(self.param_types[base])
        return tuple(dict.fromkeys(found))


def is_dml(args: list[ast.expr]) -> bool:
    """Is the first argument an INSERT/UPDATE/DELETE (a construct or a `text(...)` string)?"""
    if not args:
        return False
    text = ast.unparse(args[0]).lower()
    return any(
        word in text for word in ("insert(", "update(", "delete(", "'insert", "'update", "'delete")
    ) or any(word in text for word in ('"insert', '"update', '"delete'))


def _depends_target(node: ast.expr | None) -> ast.expr | None:
    if isinstance(node, ast.Call) and last_name(node.func) in ("Depends", "Security"):
        args = positional(node)
        return args[0] if args else None
    return None


def _linear(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements of a body in source order, with `with`/`try` blocks flattened."""
    found: list[ast.stmt] = []
    for stmt in body:
        if isinstance(stmt, ast.With | ast.AsyncWith):
            found.extend(_linear(stmt.body))
        elif isinstance(stmt, ast.Try):
            found.extend(_linear(stmt.body))
            found.extend(_linear(stmt.orelse))
            found.extend(_linear(stmt.finalbody))
        else:
            found.append(stmt)
    return found


def _always_flags(node: Function, params: tuple[str, ...]) -> tuple[FlagFacts, ...]:
    """`flag_modified(param, ...)` at the top level of the body (every path reaches it)."""
    found: list[FlagFacts] = []
    for stmt in _always_run(node.body):
        value = stmt.value if isinstance(stmt, ast.Expr) else None
        if not isinstance(value, ast.Call) or last_name(value.func) != "flag_modified":
            continue
        args = positional(value)
        obj = dotted(args[0]) if args else None
        if obj not in params or len(args) < 2:
            continue
        assert obj is not None
        attr = string_value(args[1])
        attr_param = dotted(args[1]) if attr is None and dotted(args[1]) in params else None
        if attr is not None or attr_param is not None:
            found.append(FlagFacts(obj, attr, attr_param))
    return tuple(found)


def _always_run(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements run on every path through a body: its own lines and `with` blocks' lines."""
    found: list[ast.stmt] = []
    for stmt in body:
        if isinstance(stmt, ast.With | ast.AsyncWith):
            found.extend(_always_run(stmt.body))
        elif isinstance(stmt, ast.Try):
            if all(_reraises(handler.body) for handler in stmt.handlers):
                # every path that goes on ran the whole body (an error leaves by re-raising)
                found.extend(_always_run(stmt.body))
                found.extend(_always_run(stmt.orelse))
            else:
                found.extend(_always_run(stmt.body[:1]))  # the first statement always starts
            found.extend(_always_run(stmt.finalbody))
        else:
            found.append(stmt)
        if isinstance(stmt, ast.Return | ast.Raise):
            break
    return found


def _reraises(body: list[ast.stmt]) -> bool:
    """Does an `except` body end by raising?"""
    return bool(body) and isinstance(body[-1], ast.Raise)


def _call_flags(bucket: Bucket, resolver: Resolver) -> list[CallFlag]:
    """`helper(obj)` then, later in the same body, `flag_modified(obj, "attr")`."""
    flags: list[tuple[int, str, str | None]] = []
    for call in bucket.calls:
        if last_name(call.func) == "flag_modified":
            args = positional(call)
            obj = dotted(args[0]) if args else None
            if obj:
                flags.append((call.lineno, obj, string_value(args[1]) if len(args) > 1 else None))
    if not flags:
        return []
    found: list[CallFlag] = []
    for call in bucket.calls:
        if last_name(call.func) == "flag_modified":
            continue
        texts = [dotted(a) for a in positional(call)]
        if isinstance(call.func, ast.Attribute):
            texts = [dotted(call.func.value), *texts]
            callee = f"*.{call.func.attr}"
        else:
            callee = resolver.resolve(call.func) or ""
        if not callee:
            continue
        for position, text in enumerate(texts):
            if text is None:
                continue
            for flag_line, obj, attr in flags:
                if flag_line >= call.lineno and obj == text:
                    found.append(CallFlag(callee, position, attr))
    return found


def function_facts(
    collected: Collected, resolver: Resolver, source: str | None = None
) -> tuple[tuple[FunctionFacts, ...], tuple[CallFlag, ...]]:
    """Summaries of every function and method in a module, and the call-site flags."""
    calls = call_names_by_line(source) if source is not None else None
    uses_orm = any(full.split(".")[0] in ORM_ROOTS for _, full in resolver.names.items())
    found: list[FunctionFacts] = []
    call_flags: list[CallFlag] = []
    for bucket in collected.buckets:
        if bucket.node is None:
            continue
        summariser = _Summariser(bucket, resolver, uses_orm)
        if bucket.walked:
            found.append(summariser.summarise())
        elif calls is not None:
            node = bucket.node
            first = bisect.bisect_left(calls, (node.lineno, ""))
            last = bisect.bisect_right(calls, (node.end_lineno or node.lineno, "\uffff"))
            found.append(summariser.signature([name for _, name in calls[first:last]]))
        else:
            found.append(summariser.signature())
        call_flags.extend(_call_flags(bucket, resolver))
    found.sort(key=lambda f: f.line)
    return tuple(found), tuple(dict.fromkeys(call_flags))
