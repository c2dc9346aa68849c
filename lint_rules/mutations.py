"""Flow analysis shared by ORM001/ORM004: in-place JSON mutations not yet `flag_modified`.

State: the pending (unflagged) mutations; the local names that alias a JSON
value (`msgs = doc.data`, `for m in doc.data`) or hold a shallow copy of one
(`d = dict(doc.data)`: its top level is new, its nested values are shared);
the attributes already marked modified in this unit of work (a `flag_modified`,
an assignment or a tracked top-level change: the flush writes the whole
value, later in-place changes included); and the objects constructed here and
not yet flushed (the INSERT takes whatever value they have at flush time).

Loss points: a commit (`commit()`, a project function that commits, the end of
`with session.begin()` or of a context manager that commits on exit) and the
end of the function, the latter only for rows that reach the database
(loaded, passed in or added) in code that is not a test. `rollback()`,
`close()` and `expunge()` discard pending changes: nothing is lost there.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace
from typing import Literal

from lint_rules.flow import FlowAnalysis
from lint_rules.index import ProjectIndex
from lint_rules.scope import FunctionScope
from lint_rules.summaries import MUTATORS
from lint_rules.syntax import Function, calls_in, last_name, positional, string_value

Kind = Literal["untracked", "nested"]
_COPIERS = frozenset({"list", "dict", "copy", "tuple", "set", "sorted"})
_DISCARD = frozenset({"rollback", "close", "expunge_all", "reset", "invalidate"})
#: session methods after which its objects are detached (nothing flushes them any more)
_DETACH = frozenset({"close", "expunge_all", "reset"})


@dataclass(frozen=True)
class Target:
    """A JSON value reached from `receiver.attr` through `depth` subscripts/iterations."""

    receiver: str
    attr: str
    depth: int
    tracked: bool
    #: reached through a shallow copy (`dict(doc.data)`): its own top level is not the column's
    shallow: bool = False


@dataclass(frozen=True)
class Mutation:
    """A pending mutation: what it touched and where (node id, for reporting)."""

    receiver: str
    attr: str
    kind: Kind
    node: int


@dataclass(frozen=True)
class State:
    """The abstract state at one program point."""

    pending: frozenset[Mutation] = frozenset()
    aliases: frozenset[tuple[str, Target]] = frozenset()
    fresh: frozenset[str] = frozenset()
    added: frozenset[str] = frozenset()
    dirty: frozenset[tuple[str, str]] = frozenset()
    diverged: frozenset[str] = frozenset()
    detached: frozenset[str] = frozenset()


@dataclass
class Site:
    """Where a mutation happened, for the report and the autofix."""

    node: ast.AST
    stmt: ast.stmt
    target: Target


def is_flag_call(call: ast.Call, scope: FunctionScope) -> bool:
    """`flag_modified(...)`, `attributes.flag_modified(...)`, an alias (`import ... as fm`)."""
    if last_name(call.func) == "flag_modified":
        return True
    qualified = scope.resolver.resolve(call.func) or ""
    return qualified.endswith(".flag_modified")


def receiver_key(node: ast.expr) -> str:
    """The text that identifies a receiver (`doc`, `self.doc`)."""
    return ast.unparse(node)


@dataclass
class JsonMutationFlow(FlowAnalysis[State]):
    """Finds mutations that reach a commit or the function's end unflagged."""

    index: ProjectIndex
    scope: FunctionScope
    qualname: str = ""
    is_test: bool = False
    commit_functions: tuple[str, ...] = ()
    sites: dict[int, Site] = field(default_factory=dict)
    lost: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__()

    def initial(self) -> State:
        if self.qualname.rpartition(".")[2] == "__init__":
            # the object being constructed is in no session yet: its INSERT will carry
            # whatever its attributes hold by then (until it is added and flushed)
            return State(fresh=frozenset({"self"}))
        return State()

    def join(self, first: State, second: State) -> State:
        return State(
            first.pending | second.pending,
            first.aliases | second.aliases,
            first.fresh & second.fresh,
            first.added | second.added,
            first.dirty & second.dirty,
            first.diverged & second.diverged,
            first.detached & second.detached,
        )

    # -- loss points ----------------------------------------------------------------------
    def _commit(self, state: State, where: str) -> State:
        for mutation in state.pending:
            self.lost.setdefault(mutation.node, where)
        return State(aliases=state.aliases, detached=state.detached)

    def at_exit(self, state: State, node: ast.AST) -> None:
        if self.is_test:
            return
        for mutation in state.pending:
            if self._reaches_database(mutation):
                self.lost.setdefault(mutation.node, "the end of the function")

    def _reaches_database(self, mutation: Mutation) -> bool:
        root = mutation.receiver.split(".", 1)[0].split("[", 1)[0]
        value = self.scope.names.get(root)
        if root in self.scope.params:
            flagged = self.index.flagged_by_callers
            if (self.qualname, root, mutation.attr) in flagged or (
                self.qualname,
                root,
                None,
            ) in flagged:
                return False
        return value is None or value.persistent or root in ("self", "cls")

    def leave_with(self, state: State, node: ast.With | ast.AsyncWith) -> State:
        for item in node.items:
            if self._commits_on_exit(item.context_expr):
                state = self._commit(state, "the commit at the end of the `with` block")
                break
        if any(self._closes_session(item) for item in node.items):
            return self._detach_all(self._discard(state))
        return state

    def _closes_session(self, item: ast.withitem) -> bool:
        """`with SessionLocal() as s:` closes the session it opened when the block ends."""
        expr = item.context_expr
        expr = expr.value if isinstance(expr, ast.Await) else expr
        if not isinstance(expr, ast.Call) or not isinstance(item.optional_vars, ast.Name):
            return False
        if isinstance(expr.func, ast.Attribute) and expr.func.attr in ("begin", "begin_nested"):
            return False
        value = self.scope.names.get(item.optional_vars.id)
        return value is not None and value.kind == "session"

    def _commits_on_exit(self, expr: ast.expr) -> bool:
        if isinstance(expr, ast.Await):
            expr = expr.value
        if not isinstance(expr, ast.Call):
            return False
        if isinstance(expr.func, ast.Attribute) and expr.func.attr == "begin":
            return True
        callee = self.index.resolve_function(self.scope.callee(expr))
        if callee is not None and callee in self.index.commits_on_exit:
            return True
        cls = self.index.resolve_class(self.scope.resolver.resolve(expr.func))
        return cls is not None and cls in self.index.commits_on_exit

    def on_raise(self, state: State, stmt: ast.stmt) -> State:
        # a `flag_modified` that raises had nothing to flag: its edge carries the flag
        value = stmt.value if isinstance(stmt, ast.Expr) else None
        if isinstance(value, ast.Call) and is_flag_call(value, self.scope):
            return self._call(state, value, stmt)
        return state

    # -- resolution -----------------------------------------------------------------------
    def resolve(self, state: State, expr: ast.expr) -> list[Target]:
        """The JSON values an expression may denote."""
        if isinstance(expr, ast.Attribute):
            return self._column(expr) or self._member(state, expr)
        if isinstance(expr, ast.Subscript):
            if isinstance(expr.slice, ast.Slice):
                return []
            return [replace(t, depth=t.depth + 1) for t in self.resolve(state, expr.value)]
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
            if expr.func.attr in ("get", "setdefault"):
                inner = self.resolve(state, expr.func.value)
                return [replace(t, depth=t.depth + 1) for t in inner]
            return []
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            return self.resolve(state, expr.values[0])
        if isinstance(expr, ast.Name):
            return [t for name, t in state.aliases if name == expr.id]
        return []

    def _column(self, expr: ast.Attribute) -> list[Target]:
        """`doc.data` where `data` is a JSON column of the receiver's model."""
        value = self.scope.value(expr.value)
        if value is not None and value.kind != "model":
            return []
        model = value.model if value is not None else None
        if model:
            status = self.index.json_status(model, expr.attr)
        elif value is not None:  # an ORM row of a model we cannot name
            status = self.index.json_status_any(expr.attr)
        else:
            status = self.index.json_status(None, expr.attr)
        if status is None or status == "deep":
            return []
        tracked = status == "tracked"
        return [Target(receiver_key(expr.value), expr.attr, 0, tracked)]

    def _member(self, state: State, expr: ast.Attribute) -> list[Target]:
        """`doc.stats.level`: an attribute of a JSON value (a pydantic model stored as JSON)."""
        if isinstance(expr.value, ast.Name) and expr.value.id in self.scope.names:
            return []  # a name the scope knows (a row, a session): not a JSON value
        return [replace(t, depth=t.depth + 1) for t in self.resolve(state, expr.value)]

    def _copy_source(self, state: State, value: ast.expr) -> list[Target]:
        """If `value` is a shallow copy of a JSON value (`dict(x)`, `x.copy()`, `[*x]`), of what."""
        if isinstance(value, ast.Call):
            args = positional(value)
            if last_name(value.func) in _COPIERS and len(args) == 1 and not value.keywords:
                name = self.scope.resolver.resolve(value.func) or ""
                if name.endswith("deepcopy"):
                    return []
                return self.resolve(state, args[0])
            if isinstance(value.func, ast.Attribute) and value.func.attr == "copy" and not args:
                return self.resolve(state, value.func.value)
        if isinstance(value, ast.List | ast.Tuple | ast.Set) and len(value.elts) == 1:
            element = value.elts[0]
            if isinstance(element, ast.Starred):
                return self.resolve(state, element.value)
        if isinstance(value, ast.Dict) and len(value.keys) == 1 and value.keys[0] is None:
            return self.resolve(state, value.values[0])
        if isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Slice):
            part = value.slice
            if part.lower is None and part.upper is None and part.step is None:
                return self.resolve(state, value.value)
        return []

    def _unchanged(self, state: State, value: ast.expr, receiver: str, attr: str) -> bool:
        """Does assigning `value` to `receiver.attr` leave it equal to its current value?"""

        def same(targets: list[Target]) -> bool:
            return any(t.receiver == receiver and t.attr == attr and t.depth == 0 for t in targets)

        if isinstance(value, ast.Name):
            for name, target in state.aliases:
                if (
                    name == value.id
                    and (target.receiver, target.attr, target.depth) == (receiver, attr, 0)
                    and (not target.shallow or name not in state.diverged)
                ):
                    return True
            return False
        return same(self.resolve(state, value)) or same(self._copy_source(state, value))

    # -- events ---------------------------------------------------------------------------
    def _mutate(
        self, state: State, targets: list[Target], node: ast.AST, stmt: ast.stmt, via: str | None
    ) -> State:
        added: set[Mutation] = set()
        diverged = set(state.diverged)
        dirty = set(state.dirty)
        for target in targets:
            if target.receiver in state.fresh or target.receiver in state.detached:
                continue
            if target.shallow and target.depth == 0:
                if via is not None:
                    diverged.add(via)  # the copy's own top level: not the column's value
                continue
            key = (target.receiver, target.attr)
            if key in state.dirty:
                continue  # already marked modified: the flush writes the whole value
            if target.tracked and target.depth == 0:
                dirty.add(key)  # a tracked top-level change marks the attribute modified
                continue
            kind: Kind = "nested" if target.tracked else "untracked"
            self.sites.setdefault(id(node), Site(node, stmt, target))
            added.add(Mutation(target.receiver, target.attr, kind, id(node)))
        pending = state.pending | added
        pending = frozenset(m for m in pending if (m.receiver, m.attr) not in dirty)
        return replace(state, pending=pending, diverged=frozenset(diverged), dirty=frozenset(dirty))

    def _flag(self, state: State, receiver: str, attr: str | None) -> State:
        kept = frozenset(
            m
            for m in state.pending
            if not (m.receiver == receiver and (attr is None or m.attr == attr))
        )
        dirty = state.dirty | ({(receiver, attr)} if attr is not None else set())
        return replace(state, pending=kept, dirty=dirty)

    def _discard(self, state: State, receiver: str | None = None) -> State:
        if receiver is None:
            return State(aliases=state.aliases, detached=state.detached)
        return replace(
            state,
            pending=frozenset(m for m in state.pending if m.receiver != receiver),
            detached=state.detached | {receiver},
        )

    def _detach_all(self, state: State) -> State:
        """The session closed: every row this function holds is detached."""
        rows = {n for n, v in self.scope.names.items() if v.kind in ("model", "models")}
        return replace(state, detached=state.detached | rows)

    def _helper_mutation(self, state: State, call: ast.Call, stmt: ast.stmt) -> State:
        """`add_note(doc, ...)` whose body changes `doc.items` in place: a mutation here.

        Only for parameters the helper does not type as a model (those are
        reported inside the helper).
        """
        helper = self.scope.function_of(call)
        if helper is None or not helper.mutates:
            return state
        params = list(helper.params)
        if helper.owner and isinstance(call.func, ast.Attribute) and params:
            params = params[1:]
        bound: dict[str, ast.expr] = dict(zip(params, positional(call), strict=False))
        bound.update({kw.arg: kw.value for kw in call.keywords if kw.arg is not None})
        types = dict(helper.param_types)
        for param, attr in helper.mutates:
            obj = bound.get(param)
            if obj is None or any(
                self.index.resolve_class(t) in self.index.models for t in types.get(param, ())
            ):
                continue
            member = ast.Attribute(value=obj, attr=attr, ctx=ast.Load())
            state = self._mutate(state, self._column(member), call, stmt, None)
        return state

    def _helper_flag(self, state: State, call: ast.Call) -> State | None:
        helper = self.scope.function_of(call)
        if helper is None or not helper.flags:
            return None
        params = list(helper.params)
        if helper.owner and isinstance(call.func, ast.Attribute) and params:
            params = params[1:]
        bound: dict[str, ast.expr] = dict(zip(params, positional(call), strict=False))
        for kw in call.keywords:
            if kw.arg is not None:
                bound[kw.arg] = kw.value
        for flag in helper.flags:
            obj = bound.get(flag.param)
            if obj is None:
                continue
            attr = flag.attr
            if attr is None and flag.attr_param is not None:
                attr = string_value(bound.get(flag.attr_param))
            state = self._flag(state, receiver_key(obj), attr)
        return state

    def _commits(self, call: ast.Call) -> bool:
        name = last_name(call.func)
        if name == "commit" and isinstance(call.func, ast.Attribute):
            return True
        qualified = self.scope.resolver.resolve(call.func) or ""
        for wanted in self.commit_functions:
            if qualified == wanted or ("." not in wanted and name == wanted):
                return True
        function = self.scope.function_of(call)
        return function is not None and function.qualname in self.index.commits

    def _call(self, state: State, call: ast.Call, stmt: ast.stmt) -> State:
        name = last_name(call.func)
        args = positional(call)
        if is_flag_call(call, self.scope) and args:
            attr = string_value(args[1]) if len(args) > 1 else None
            return self._flag(state, receiver_key(args[0]), attr)
        flagged = self._helper_flag(state, call)
        if flagged is not None:
            return flagged
        state = self._helper_mutation(state, call, stmt)
        if self._commits(call):
            return self._commit(state, "the commit")
        if isinstance(call.func, ast.Attribute):
            receiver = call.func.value
            if self.scope.is_session(receiver):
                if name in _DISCARD:
                    state = self._discard(state)
                    return self._detach_all(state) if name in _DETACH else state
                if name == "expunge" and args:
                    return self._discard(state, receiver_key(args[0]))
                if name == "flush":
                    return replace(state, fresh=state.fresh - state.added, dirty=frozenset())
                if name in ("add", "add_all") and args:
                    names = {receiver_key(a) for a in args if isinstance(a, ast.Name)}
                    if isinstance(args[0], ast.List | ast.Tuple):
                        names |= {receiver_key(e) for e in args[0].elts}
                    return replace(
                        state, added=state.added | names, detached=state.detached - names
                    )
                return state
            if name in MUTATORS:
                via = receiver.id if isinstance(receiver, ast.Name) else None
                return self._mutate(state, self.resolve(state, receiver), call, stmt, via)
        return state

    def _expression(self, state: State, node: ast.AST, stmt: ast.stmt) -> State:
        for call in calls_in(node):
            state = self._call(state, call, stmt)
        return state

    def _bind_name(self, state: State, name: str, value: ast.expr | None) -> State:
        aliases = frozenset(a for a in state.aliases if a[0] != name)
        fresh = state.fresh - {name}
        diverged = state.diverged - {name}
        state = replace(state, detached=state.detached - {name})
        if value is not None:
            inner = value.value if isinstance(value, ast.Await) else value
            copies = self._copy_source(state, inner)
            if copies:
                aliases |= {(name, replace(t, shallow=True)) for t in copies if t.depth == 0}
                aliases |= {(name, t) for t in copies if t.depth > 0}
            else:
                aliases |= {(name, t) for t in self.resolve(state, inner)}
            if isinstance(inner, ast.Call):
                made = self.scope.call_value(inner)
                if made is not None and made.kind == "model" and not made.persistent:
                    fresh |= {name}
        return replace(state, aliases=aliases, fresh=fresh, diverged=diverged)

    def _assign(
        self, state: State, target: ast.expr, value: ast.expr | None, stmt: ast.stmt
    ) -> State:
        if isinstance(target, ast.Name):
            return self._bind_name(state, target.id, value)
        if isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                state = self._assign(state, element, None, stmt)
            return state
        if isinstance(target, ast.Starred):
            return self._assign(state, target.value, None, stmt)
        if isinstance(target, ast.Subscript):
            via = target.value.id if isinstance(target.value, ast.Name) else None
            return self._mutate(state, self.resolve(state, target.value), target, stmt, via)
        if isinstance(target, ast.Attribute):
            members = [] if self._column(target) else self._member(state, target)
            if members:  # `doc.stats.level = 2`: the stored value changes in place
                return self._mutate(state, members, target, stmt, None)
            for t in self._column(target):
                if value is not None and self._unchanged(state, value, t.receiver, t.attr):
                    continue  # re-assigning the mutated object (or an equal copy) changes nothing
                state = self._flag(state, t.receiver, t.attr)
                state = replace(
                    state,
                    aliases=frozenset(
                        a
                        for a in state.aliases
                        if not (a[1].receiver == t.receiver and a[1].attr == t.attr)
                    ),
                )
        return state

    def _augassign(self, state: State, node: ast.AugAssign) -> State:
        target = node.target
        if isinstance(target, ast.Subscript):
            via = target.value.id if isinstance(target.value, ast.Name) else None
            return self._mutate(state, self.resolve(state, target.value), target, node, via)
        in_place = isinstance(node.op, ast.Add | ast.BitOr) and not isinstance(
            node.value, ast.Constant | ast.JoinedStr
        )
        if not in_place:
            if isinstance(target, ast.Name):
                return self._bind_name(state, target.id, None)
            return self._assign(state, target, None, node)
        # `doc.data += [m]` / `msgs += [m]` / `d |= {...}`: the container mutates in place, then
        # the same object is assigned back, so SQLAlchemy compares it with itself: no change.
        via = target.id if isinstance(target, ast.Name) else None
        return self._mutate(state, self.resolve(state, target), target, node, via)

    def step(self, state: State, node: ast.AST, stmt: ast.stmt) -> State:
        if isinstance(node, ast.Assign):
            state = self._expression(state, node.value, stmt)
            for target in node.targets:
                state = self._assign(state, target, node.value, stmt)
            return state
        if isinstance(node, ast.AnnAssign):
            if node.value is not None:
                state = self._expression(state, node.value, stmt)
                return self._assign(state, node.target, node.value, stmt)
            return state
        if isinstance(node, ast.AugAssign):
            state = self._expression(state, node.value, stmt)
            return self._augassign(state, node)
        if isinstance(node, ast.Delete):
            for expr in node.targets:
                for element in expr.elts if isinstance(expr, ast.Tuple) else [expr]:
                    if isinstance(element, ast.Subscript):
                        via = element.value.id if isinstance(element.value, ast.Name) else None
                        state = self._mutate(
                            state, self.resolve(state, element.value), element, stmt, via
                        )
            return state
        if isinstance(node, ast.withitem):
            state = self._expression(state, node.context_expr, stmt)
            if isinstance(node.optional_vars, ast.Name):
                state = self._bind_name(state, node.optional_vars.id, None)
            return state
        return self._expression(state, node, stmt)

    def bind_loop_target(self, state: State, node: ast.For | ast.AsyncFor) -> State:
        if not isinstance(node.target, ast.Name):
            return state
        name = node.target.id
        # `for item in list(doc.data)`: a shallow copy's items are the column's own
        targets = self.resolve(state, node.iter) or self._copy_source(state, node.iter)
        if not targets and isinstance(node.iter, ast.Call):
            # `for k, v in doc.data.items()` / `.values()`: the values are nested JSON
            func = node.iter.func
            if isinstance(func, ast.Attribute) and func.attr in ("values", "items"):
                targets = self.resolve(state, func.value)
        aliases = frozenset(a for a in state.aliases if a[0] != name)
        aliases |= {(name, replace(t, depth=t.depth + 1, shallow=False)) for t in targets}
        return replace(state, aliases=aliases)


def is_test_function(function: Function, path: str) -> bool:
    """Test code: a pytest/unittest test function, or anything in a test module."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    in_test_module = name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"
    return in_test_module or function.name.startswith("test_") or function.name == "test"
