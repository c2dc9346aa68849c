"""Flow analysis for ORM002: work spawned while the session holds uncommitted writes.

State: the writes not yet committed on some path to here. A spawn reached with
a non-empty state is a finding. `commit()`/`rollback()` and the end of a
`with ...begin():` block empty the state; `flush()` does not (flushed rows are
still invisible to other connections until COMMIT).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from lint_rules.flow import Anchor, FlowAnalysis
from lint_rules.mutations import MUTATORS, _is_begin
from lint_rules.scope import FunctionScope, dml_kind
from lint_rules.syntax import Imports, calls_in, code, dotted, last_name, positional

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
_SPAWN_QUALIFIED = frozenset({"asyncio.create_task", "asyncio.ensure_future"})
_SPAWN_METHODS = frozenset(
    {
        "create_task",
        "ensure_future",
        "add_task",
        "run_in_executor",
        "delay",
        "apply_async",
        "start_soon",
    }
)
_THREADS = frozenset({"Thread", "Process", "Timer"})

State = frozenset[int]


def spawn_label(
    call: cst.Call, scope: FunctionScope, imports: Imports, extra: tuple[str, ...]
) -> str | None:
    """A short name for the spawn if `call` starts concurrent work, else `None`."""
    func = call.func
    qualified = imports.resolve(func) or ""
    name = last_name(func) or ""
    for wanted in extra:
        if qualified == wanted or (("." not in wanted) and name == wanted) or code(func) == wanted:
            return code(func)
    if qualified in _SPAWN_QUALIFIED or qualified.endswith((".create_task", ".ensure_future")):
        return code(func)
    if not isinstance(func, cst.Attribute):
        return None
    if name in _SPAWN_METHODS:
        return code(func)
    if name == "submit" and positional(call):
        return code(func)
    if name == "start":
        owner = func.value
        if isinstance(owner, cst.Call) and last_name(owner.func) in _THREADS:
            return f"{last_name(owner.func)}(...).start"
        if isinstance(owner, cst.Name) and owner.value in scope.threads:
            return code(func)
    return None


@dataclass
class SpawnFlow(FlowAnalysis[State]):
    """Reports spawns reached while writes are pending."""

    scope: FunctionScope
    imports: Imports
    extra: tuple[str, ...] = ()
    writes: dict[int, cst.CSTNode] = field(default_factory=dict)
    found: dict[int, tuple[cst.Call, str, frozenset[int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__()

    def initial(self) -> State:
        return frozenset()

    def join(self, first: State, second: State) -> State:
        return first | second

    def leave_with(self, state: State, node: cst.With) -> State:
        if any(_is_begin(item.item) for item in node.items):
            return frozenset()
        return state

    def _write(self, state: State, node: cst.CSTNode) -> State:
        self.writes[id(node)] = node
        return state | {id(node)}

    def _orm_root(self, expr: cst.BaseExpression) -> bool:
        """Is `expr` an attribute (or item of an attribute) of an ORM object: `doc.title`?"""
        while isinstance(expr, cst.Subscript):
            expr = expr.value
        return isinstance(expr, cst.Attribute) and dotted(expr.value) in self.scope.orm_objects

    def _call(self, state: State, call: cst.Call) -> State:
        func = call.func
        name = last_name(func)
        label = spawn_label(call, self.scope, self.imports, self.extra)
        if label is not None:
            if state:
                self.found.setdefault(id(call), (call, label, state))
            return state
        if name == "flag_modified":
            return self._write(state, call)
        if not isinstance(func, cst.Attribute):
            return state
        receiver = func.value
        if name in ("commit", "rollback"):
            return frozenset()  # any commit: a unit of work's `commit()` is trusted too
        if self.scope.is_session(receiver):
            if name in WRITE_METHODS:
                return self._write(state, call)
            if name == "execute":
                args = positional(call)
                if args and (dml_kind(args[0]) or dotted(args[0]) in self.scope.dml_statements):
                    return self._write(state, call)
            return state
        if name in MUTATORS and self._orm_root(receiver):
            return self._write(state, call)
        return state

    def _target(self, state: State, target: cst.BaseExpression) -> State:
        if isinstance(target, cst.Tuple | cst.List):
            for element in target.elements:
                state = self._target(state, element.value)
            return state
        if self._orm_root(target):
            return self._write(state, target)
        return state

    def step(self, state: State, node: cst.CSTNode, anchor: Anchor) -> State:
        for call in calls_in(node):
            state = self._call(state, call)
        if isinstance(node, cst.Assign):
            for target in node.targets:
                state = self._target(state, target.target)
        elif isinstance(node, cst.AnnAssign | cst.AugAssign | cst.Del):
            state = self._target(state, node.target)
        return state
