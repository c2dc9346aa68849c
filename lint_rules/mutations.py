"""Flow analysis shared by ORM001/ORM004: in-place JSON mutations not yet `flag_modified`.

State: the pending (unflagged) mutations, the local names that alias a JSON
value (`msgs = doc.data`, `for m in doc.data`), and the names holding objects
constructed in this function and not yet flushed (mutating those is fine: the
INSERT takes whatever value the attribute has at flush time).

Loss points: `commit()` (awaited or not), the end of a `with session.begin()`
block, and the end of the function. `flush()` is not a loss point: a
`flag_modified` after it still reaches the next flush.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

import libcst as cst

from lint_rules.flow import Anchor, FlowAnalysis
from lint_rules.index import ProjectIndex
from lint_rules.scope import NOT_ORM, FunctionScope
from lint_rules.syntax import calls_in, code, last_name, positional, string_value

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
    }
)
_COPIERS = frozenset({"list", "dict", "copy", "deepcopy", "tuple"})
Kind = Literal["untracked", "nested"]


@dataclass(frozen=True)
class Target:
    """A JSON value reached from `receiver.attr` through `depth` subscripts/iterations."""

    receiver: str
    attr: str
    depth: int
    tracked: bool


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


@dataclass
class Site:
    """Where a mutation happened, for the report and the autofix."""

    node: cst.CSTNode
    anchor: Anchor
    small: cst.CSTNode
    target: Target


@dataclass
class JsonMutationFlow(FlowAnalysis[State]):
    """Finds mutations that reach a commit or the function's end unflagged."""

    index: ProjectIndex
    scope: FunctionScope
    sites: dict[int, Site] = field(default_factory=dict)
    lost: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__()

    def initial(self) -> State:
        return State()

    def join(self, first: State, second: State) -> State:
        return State(
            first.pending | second.pending,
            first.aliases | second.aliases,
            first.fresh & second.fresh,
        )

    # -- loss points ----------------------------------------------------------------------
    def _lose(self, state: State, where: str) -> State:
        for mutation in state.pending:
            self.lost.setdefault(mutation.node, where)
        return replace(state, pending=frozenset(), fresh=frozenset())

    def at_exit(self, state: State, node: cst.CSTNode) -> None:
        self._lose(state, "the end of the function")

    def leave_with(self, state: State, node: cst.With) -> State:
        if any(_is_begin(item.item) for item in node.items):
            return self._lose(state, "the commit at the end of `with ...begin()`")
        return state

    # -- resolution -----------------------------------------------------------------------
    def resolve(self, state: State, expr: cst.BaseExpression) -> list[Target]:
        """The JSON values an expression may denote."""
        if isinstance(expr, cst.Attribute):
            model = self.scope.model_of(expr.value)
            if model == NOT_ORM:
                return []
            status = self.index.json_status(expr.attr.value, model)
            if status is None:
                return []
            return [Target(code(expr.value), expr.attr.value, 0, status == "tracked")]
        if isinstance(expr, cst.Subscript):
            return [replace(t, depth=t.depth + 1) for t in self.resolve(state, expr.value)]
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
            if expr.func.attr.value in ("get", "setdefault"):
                inner = self.resolve(state, expr.func.value)
                return [replace(t, depth=t.depth + 1) for t in inner]
            return []
        if isinstance(expr, cst.Name):
            return [t for name, t in state.aliases if name == expr.value]
        return []

    def _is_copy_of(
        self, state: State, value: cst.BaseExpression, receiver: str, attr: str
    ) -> bool:
        """Is `value` equal to the current value of `receiver.attr` (same object or a copy)?"""

        def same(expr: cst.BaseExpression) -> bool:
            return any(
                t.receiver == receiver and t.attr == attr and t.depth == 0
                for t in self.resolve(state, expr)
            )

        if same(value):
            return True
        if isinstance(value, cst.Call):
            args = positional(value)
            if last_name(value.func) in _COPIERS and len(args) == 1 and same(args[0]):
                return True
            if isinstance(value.func, cst.Attribute) and value.func.attr.value == "copy":
                return same(value.func.value)
        if isinstance(value, cst.List | cst.Tuple) and len(value.elements) == 1:
            element = value.elements[0]
            return isinstance(element, cst.StarredElement) and same(element.value)
        if isinstance(value, cst.Dict) and len(value.elements) == 1:
            entry = value.elements[0]
            return isinstance(entry, cst.StarredDictElement) and same(entry.value)
        if isinstance(value, cst.Subscript) and len(value.slice) == 1:
            part = value.slice[0].slice
            return (
                isinstance(part, cst.Slice)
                and part.lower is None
                and part.upper is None
                and same(value.value)
            )
        return False

    # -- events ---------------------------------------------------------------------------
    def _mutate(
        self,
        state: State,
        targets: list[Target],
        node: cst.CSTNode,
        small: cst.CSTNode,
        anchor: Anchor,
    ) -> State:
        added: set[Mutation] = set()
        for target in targets:
            if target.receiver in state.fresh:
                continue
            if target.tracked and target.depth == 0:
                continue
            kind: Kind = "nested" if target.tracked else "untracked"
            self.sites.setdefault(id(node), Site(node, anchor, small, target))
            added.add(Mutation(target.receiver, target.attr, kind, id(node)))
        return replace(state, pending=state.pending | added) if added else state

    def _flag(self, state: State, receiver: str, attr: str | None) -> State:
        kept = frozenset(
            m
            for m in state.pending
            if not (m.receiver == receiver and (attr is None or m.attr == attr))
        )
        return replace(state, pending=kept)

    def _call(self, state: State, call: cst.Call, small: cst.CSTNode, anchor: Anchor) -> State:
        name = last_name(call.func)
        args = positional(call)
        if name == "flag_modified" and args:
            return self._flag(
                state, code(args[0]), string_value(args[1]) if len(args) > 1 else None
            )
        helper = self.index.helpers.get(name or "")
        if helper is not None:
            params = list(helper.params)
            if isinstance(call.func, cst.Attribute) and params and params[0] in ("self", "cls"):
                params = params[1:]
            bound = dict(zip(params, args, strict=False))
            for arg in call.args:
                if arg.keyword is not None:
                    bound[arg.keyword.value] = arg.value
            obj = bound.get(helper.obj_param)
            if obj is not None:
                attr = helper.attr
                if attr is None and helper.attr_param is not None:
                    attr = string_value(bound.get(helper.attr_param))
                return self._flag(state, code(obj), attr)
            return state
        if isinstance(call.func, cst.Attribute):
            if name == "commit":
                return self._lose(state, "the commit")
            if name == "flush":
                return replace(state, fresh=frozenset())
            if name in MUTATORS:
                return self._mutate(
                    state, self.resolve(state, call.func.value), call, small, anchor
                )
        return state

    def _expression(
        self, state: State, node: cst.CSTNode, small: cst.CSTNode, anchor: Anchor
    ) -> State:
        for call in calls_in(node):
            state = self._call(state, call, small, anchor)
        return state

    def _bind_name(self, state: State, name: str, value: cst.BaseExpression | None) -> State:
        aliases = frozenset(a for a in state.aliases if a[0] != name)
        fresh = state.fresh - {name}
        if value is not None:
            inner = value.expression if isinstance(value, cst.Await) else value
            if isinstance(inner, cst.Attribute | cst.Subscript | cst.Name | cst.Call):
                aliases |= {(name, t) for t in self.resolve(state, inner)}
            if isinstance(inner, cst.Call) and last_name(inner.func) in self.index.models:
                fresh |= {name}
        return State(state.pending, aliases, fresh)

    def _assign(
        self,
        state: State,
        target: cst.BaseExpression,
        value: cst.BaseExpression | None,
        small: cst.CSTNode,
        anchor: Anchor,
    ) -> State:
        if isinstance(target, cst.Name):
            return self._bind_name(state, target.value, value)
        if isinstance(target, cst.Tuple | cst.List):
            for element in target.elements:
                state = self._assign(state, element.value, None, small, anchor)
            return state
        if isinstance(target, cst.Subscript):
            return self._mutate(state, self.resolve(state, target.value), target, small, anchor)
        if isinstance(target, cst.Attribute):
            for t in self.resolve(state, target):
                if value is not None and self._is_copy_of(state, value, t.receiver, t.attr):
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

    def _augassign(self, state: State, node: cst.AugAssign, anchor: Anchor) -> State:
        rebinding = isinstance(
            node.value, cst.Integer | cst.Float | cst.SimpleString | cst.FormattedString
        )
        target = node.target
        if isinstance(target, cst.Subscript):
            return self._mutate(state, self.resolve(state, target.value), target, node, anchor)
        if rebinding:
            if isinstance(target, cst.Name):
                return self._bind_name(state, target.value, None)
            return self._assign(state, target, node.value, node, anchor)
        # `doc.data += [m]` / `msgs += [m]`: list.__iadd__ mutates in place, then the same
        # object is assigned back, so SQLAlchemy compares it with itself and sees no change.
        return self._mutate(state, self.resolve(state, target), target, node, anchor)

    def step(self, state: State, node: cst.CSTNode, anchor: Anchor) -> State:
        if isinstance(node, cst.Assign):
            state = self._expression(state, node.value, node, anchor)
            for target in node.targets:
                state = self._assign(state, target.target, node.value, node, anchor)
            return state
        if isinstance(node, cst.AnnAssign):
            if node.value is not None:
                state = self._expression(state, node.value, node, anchor)
                return self._assign(state, node.target, node.value, node, anchor)
            return state
        if isinstance(node, cst.AugAssign):
            state = self._expression(state, node.value, node, anchor)
            return self._augassign(state, node, anchor)
        if isinstance(node, cst.Del):
            targets = node.target.elements if isinstance(node.target, cst.Tuple) else None
            for expr in [e.value for e in targets] if targets else [node.target]:
                if isinstance(expr, cst.Subscript):
                    state = self._mutate(state, self.resolve(state, expr.value), expr, node, anchor)
            return state
        if isinstance(node, cst.WithItem):
            state = self._expression(state, node.item, node, anchor)
            if node.asname is not None and isinstance(node.asname.name, cst.Name):
                state = self._bind_name(state, node.asname.name.value, None)
            return state
        return self._expression(state, node, node, anchor)

    def bind_loop_target(self, state: State, node: cst.For) -> State:
        if not isinstance(node.target, cst.Name):
            return state
        name = node.target.value
        targets = self.resolve(state, node.iter)
        aliases = frozenset(a for a in state.aliases if a[0] != name)
        aliases |= {(name, replace(t, depth=t.depth + 1)) for t in targets}
        return replace(state, aliases=aliases)


def _is_begin(expr: cst.BaseExpression) -> bool:
    """`session.begin()`, `engine.begin()`, `sessionmaker.begin()`: commit when the block ends."""
    return (
        isinstance(expr, cst.Call)
        and isinstance(expr.func, cst.Attribute)
        and expr.func.attr.value == "begin"
    )
