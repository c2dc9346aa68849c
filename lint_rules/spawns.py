"""Flow analysis for ORM002: work spawned while the session holds uncommitted writes it needs.

State: the writes not yet committed on some path to here, each with the
object written (if named) and its model. A spawn reached with writes pending
is a finding only when the work can see them: it is handed a written object,
its id (or the key it was loaded by) or the session, or its function reads a
model that has a pending write. A notification task given its data by value
is not a race.

`commit()` (any receiver: a unit of work's too), a project function that
commits, and the end of `with session.begin():` (or of a context manager that
commits on exit) empty the state; so do `rollback()` and `close()`. `flush()`
does not: flushed rows are invisible to other connections until COMMIT.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from lint_rules.flow import FlowAnalysis
from lint_rules.index import ProjectIndex
from lint_rules.mutations import is_flag_call
from lint_rules.scope import FunctionScope
from lint_rules.spawning import Spawn, SpawnFinder
from lint_rules.summaries import MUTATORS, WRITE_METHODS, is_dml
from lint_rules.syntax import calls_in, dotted, last_name, positional


@dataclass(frozen=True)
class Write:
    """A pending write: where, on which named object (if any), of which model (if known)."""

    node: int
    obj: str | None
    model: str | None


State = frozenset[Write]
#: attribute names that are keys: the work loads the row by them
_KEY = re.compile(r"^(?:id|pk|uuid|key)$|_(?:id|pk|uuid|key)$")
#: the `obj` of a marker: background work registered here, waiting for the function to return
_REGISTERED = "<registered>"


@dataclass
class SpawnFlow(FlowAnalysis[State]):
    """Reports spawns reached while writes the spawned work needs are pending."""

    scope: FunctionScope
    finder: SpawnFinder
    commit_functions: tuple[str, ...] = ()
    writes: dict[int, ast.AST] = field(default_factory=dict)
    found: dict[int, tuple[Spawn, frozenset[Write]]] = field(default_factory=dict)
    #: local names derived from an object (`doc_id = doc.id` -> doc)
    derived: dict[str, set[str]] = field(default_factory=dict)
    #: local names bound to DML statements, and the models they write
    dml: dict[str, list[str]] = field(default_factory=dict)
    #: work that starts once the function has returned (`BackgroundTasks.add_task`)
    registered: dict[int, tuple[Spawn, frozenset[Write]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__()
        self.index: ProjectIndex = self.scope.index

    def initial(self) -> State:
        return frozenset()

    def at_exit(self, state: State, node: ast.AST) -> None:
        # a `Depends` teardown commit does not count: current FastAPI runs the tasks first
        for write in state:
            if write.obj == _REGISTERED:
                self.found.setdefault(write.node, self.registered[write.node])

    def join(self, first: State, second: State) -> State:
        return first | second

    def leave_with(self, state: State, node: ast.With | ast.AsyncWith) -> State:
        for item in node.items:
            expr = item.context_expr
            expr = expr.value if isinstance(expr, ast.Await) else expr
            if not isinstance(expr, ast.Call):
                continue
            if isinstance(expr.func, ast.Attribute) and expr.func.attr == "begin":
                return frozenset()
            callee = self.index.resolve_function(self.scope.callee(expr))
            cls = self.index.resolve_class(self.scope.resolver.resolve(expr.func))
            if callee in self.index.commits_on_exit or cls in self.index.commits_on_exit:
                return frozenset()
        return state

    # -- writes ---------------------------------------------------------------------------------
    def _write(self, state: State, node: ast.AST, obj: ast.expr | None) -> State:
        self.writes[id(node)] = node
        name = dotted(obj) if obj is not None else None
        model = self.scope.model_of(obj) if obj is not None else None
        if obj is not None and model is None and isinstance(obj, ast.Call):
            made = self.scope.call_value(obj)
            model = made.model if made is not None and made.kind == "model" else None
            name = None
        return state | {Write(id(node), name, model or None)}

    def _orm_root(self, expr: ast.expr) -> ast.expr | None:
        """The ORM object whose attribute (or its item) `expr` is: `doc` in `doc.a[0]`."""
        while isinstance(expr, ast.Subscript):
            expr = expr.value
        if isinstance(expr, ast.Attribute) and self.scope.model_of(expr.value) is not None:
            return expr.value
        return None

    def _commits(self, call: ast.Call) -> bool:
        name = last_name(call.func)
        if name in ("commit", "rollback") and isinstance(call.func, ast.Attribute):
            return True
        qualified = self.scope.resolver.resolve(call.func) or ""
        if any(qualified == w or ("." not in w and name == w) for w in self.commit_functions):
            return True
        function = self.scope.function_of(call)
        return function is not None and function.qualname in self.index.commits

    def _call(self, state: State, call: ast.Call) -> State:
        spawn = self.finder.spawn(call)
        if spawn is not None:
            writes = frozenset(w for w in state if w.obj != _REGISTERED)
            if writes and not spawn.deferred:
                needed = self._needed(spawn, writes)
                if needed and spawn.after_return:
                    # runs once the handler has returned: a race only if still uncommitted then
                    self.registered[id(call)] = (spawn, needed)
                    return state | {Write(id(call), _REGISTERED, None)}
                if needed:
                    self.found.setdefault(id(call), (spawn, needed))
            return state
        func = call.func
        name = last_name(func)
        if self._commits(call):
            return frozenset()
        args = positional(call)
        if is_flag_call(call, self.scope):
            return self._write(state, call, args[0] if args else None)
        written_by = self.scope.function_of(call)
        callee = written_by.qualname if written_by is not None else None
        if callee is not None and callee in self.index.writes:
            objs = [a for a in args if self.scope.model_of(a) is not None]
            written = self._write(state, call, objs[0] if objs else None)
            function = self.index.functions[callee]
            models = [self.index.resolve_class(r) for r in function.reads]
            for model in models:
                if model in self.index.models:
                    written |= {Write(id(call), None, model)}
            return written
        if not isinstance(func, ast.Attribute):
            return state
        receiver = func.value
        if self.scope.is_session(receiver):
            if name in ("close", "expunge_all"):
                return frozenset()
            if name in WRITE_METHODS:
                target = args[0] if args else None
                if isinstance(target, ast.List | ast.Tuple) and target.elts:
                    for element in target.elts:
                        state = self._write(state, call, element)
                    return state
                return self._write(state, call, target)
            if name == "execute" and args:
                statement = args[0]
                if isinstance(statement, ast.Name) and statement.id in self.dml:
                    written = self._write(state, call, None)
                    for model in self.dml[statement.id]:
                        written |= {Write(id(call), None, model)}
                    return written
                if is_dml([statement]):
                    written = self._write(state, call, None)
                    for model in self._dml_models(statement):
                        written |= {Write(id(call), None, model)}
                    return written
            return state
        if name in MUTATORS:
            root = self._orm_root(receiver)
            if root is not None:
                return self._write(state, call, root)
        return state

    def _dml_models(self, statement: ast.expr) -> list[str]:
        """The models `update(Doc).where(...)`, `insert(Doc)`, `delete(Doc)` write."""
        found: list[str] = []
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and last_name(node.func) in (
                "insert",
                "update",
                "delete",
            ):
                args = positional(node)
                name = self.scope.resolver.resolve(args[0]) if args else None
                model = self.index.resolve_class(name)
                if model is not None and model in self.index.models:
                    found.append(model)
        return found

    def _needed(self, spawn: Spawn, state: State) -> frozenset[Write]:
        """The pending writes the spawned work can see (or needs), if any."""
        handed = self.finder.captured(spawn)
        if spawn.via_helper and spawn.function is not None:
            params = list(spawn.function.params)
            if spawn.function.owner and params:
                params = params[1:]
            passed = set(spawn.function.spawn_params)
            positional_values = list(spawn.call.args)
            handed = [
                value
                for param, value in zip(params, positional_values, strict=False)
                if param in passed
            ] + [kw.value for kw in spawn.call.keywords if kw.arg in passed]
            if "*" in passed:  # the helper hands its `*args` on
                handed += positional_values[len(params) :]
        names: set[str] = set()
        for value in handed:
            names |= self._references(value)
        expanded = set(names)
        for name in names:
            expanded |= self.derived.get(name, set())
        needed: set[Write] = set()
        for write in state:
            if write.obj is None:
                continue
            keys = self.scope.keys.get(write.obj, set())
            if (
                write.obj in expanded
                or any(n == write.obj or n.startswith(write.obj + ".") for n in expanded)
                or keys & expanded
            ):
                needed.add(write)
        if any(self._is_session_text(n) for n in expanded):
            needed |= set(state)
        read = self._reads(spawn)
        # a write whose model we cannot name may be any of the models the work reads
        needed |= {w for w in state if (w.model in read if w.model else bool(read))}
        if spawn.opaque and not self._is_plain_callable(spawn):
            needed |= set(state)  # what a closure captures cannot be seen: assume it reads them
        return frozenset(needed)

    def _references(self, value: ast.expr) -> set[str]:
        """The names a value hands over by reference: `doc`, `doc.owner`, `doc.id` (a key).

        A row's plain column (`account.email`) is handed by value: the work gets
        a string, not the row, and reads nothing the commit could change.
        """
        found: set[str] = set()
        stack: list[ast.AST] = [value]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Name | ast.Attribute):
                text = dotted(node)
                if text:
                    if not (isinstance(node, ast.Attribute) and self._by_value(node)):
                        found.add(text)
                    continue
            stack.extend(ast.iter_child_nodes(node))
        return found

    def _by_value(self, node: ast.Attribute) -> bool:
        """`row.column` for a mapped column that is not a key (the value, not the row)."""
        if _KEY.search(node.attr):
            return False
        model = self.scope.model_of(node.value)
        info = self.index.model(model) if model else None
        return info is not None and node.attr in info.columns

    def _is_plain_callable(self, spawn: Spawn) -> bool:
        """A module-level function or an imported one: it has no captured state to hide."""
        target = spawn.target
        if isinstance(target, ast.Call):
            target = target.func
        name = dotted(target) if target is not None else None
        if name is None:
            return False
        first = name.split(".")[0]
        return self.scope.resolver.is_bound(first) and first not in self.scope.names

    def _is_session_text(self, text: str) -> bool:
        node = ast.parse(text, mode="eval").body if text.replace(".", "").isidentifier() else None
        return node is not None and self.scope.is_session(node)

    def _reads(self, spawn: Spawn) -> set[str]:
        """Models the spawned function (and what it calls, two levels down) loads."""
        if spawn.function is None:
            return set()
        seen: set[str] = set()
        models: set[str] = set()
        frontier = [spawn.function.qualname]
        for _ in range(3):
            following: list[str] = []
            for qualname in frontier:
                if qualname in seen:
                    continue
                seen.add(qualname)
                function = self.index.functions.get(qualname)
                if function is None:
                    continue
                for name in function.reads:
                    model = self.index.resolve_class(name)
                    if model is not None:
                        models.add(model)
                for callee in function.calls:
                    resolved = self.index.resolve_function(callee)
                    if resolved is not None:
                        following.append(resolved)
            frontier = following
        return models

    def _target(self, state: State, target: ast.expr, node: ast.AST) -> State:
        if isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                state = self._target(state, element, node)
            return state
        root = self._orm_root(target)
        if root is not None:
            return self._write(state, node, root)
        return state

    def _remember(self, node: ast.Assign | ast.AnnAssign) -> None:
        value = node.value
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if value is None:
            return
        sources: set[str | None] = set(self._references(value))
        dml = is_dml([value])
        for target in targets:
            if isinstance(target, ast.Name):
                if dml:
                    self.dml[target.id] = self._dml_models(value)
                roots = {s.split(".")[0] for s in sources if s}
                self.derived.setdefault(target.id, set()).update(roots)

    def step(self, state: State, node: ast.AST, stmt: ast.stmt) -> State:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            self._remember(node)
        for call in (
            calls_in(node) if not isinstance(node, ast.withitem) else calls_in(node.context_expr)
        ):
            state = self._call(state, call)
        if isinstance(node, ast.Assign):
            for target in node.targets:
                state = self._target(state, target, node)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            state = self._target(state, node.target, node)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                state = self._target(state, target, node)
        return state
