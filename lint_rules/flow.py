"""A small statement-level flow analysis over one function body.

Path-sensitive enough for what the rules need: `if/elif/else` branches are
analysed separately and joined, loops run to a fixpoint (with `break`,
`continue` and `else`), `try/except/else/finally` sends every state reached
in the body to the handlers and every exit through `finally`, `with` blocks
get enter/leave hooks (`session.begin()` commits on leave), and `return`
ends a path. `raise` ends a path without reaching the function's end: a
failed request rolls back, so what is pending there is not lost data.

A rule supplies the state (immutable, comparable) and the transfer functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import libcst as cst

S = TypeVar("S")

#: a statement node that a rule's `step` can point fixes at
Anchor = cst.SimpleStatementLine | cst.SimpleStatementSuite | cst.BaseCompoundStatement

Statement = cst.BaseStatement | cst.SimpleStatementSuite

_MAX_LOOP_ROUNDS = 8


@dataclass
class Outcome(Generic[S]):
    """Where control can go after a block: on, out by `return`, `break` or `continue`."""

    normal: S | None
    returns: list[tuple[S, cst.CSTNode]] = field(default_factory=list)
    breaks: list[S] = field(default_factory=list)
    continues: list[S] = field(default_factory=list)

    def absorb(self, other: Outcome[S]) -> None:
        """Take over another block's early exits."""
        self.returns.extend(other.returns)
        self.breaks.extend(other.breaks)
        self.continues.extend(other.continues)


class FlowAnalysis(Generic[S]):
    """Subclass and implement `initial`, `join`, `step`; override the hooks as needed."""

    def __init__(self) -> None:
        self._try_states: list[list[S]] = []

    # -- what a rule implements ---------------------------------------------------------
    def initial(self) -> S:
        raise NotImplementedError

    def join(self, first: S, second: S) -> S:
        raise NotImplementedError

    def step(self, state: S, node: cst.CSTNode, anchor: Anchor) -> S:
        """Effect of one small statement, or of a compound statement's header expression."""
        raise NotImplementedError

    def bind_loop_target(self, state: S, node: cst.For) -> S:
        """`for target in iter:` binds `target` at the top of every round."""
        return state

    def enter_with(self, state: S, node: cst.With) -> S:
        """Entering a `with` block (its items have already been stepped)."""
        return state

    def leave_with(self, state: S, node: cst.With) -> S:
        """Leaving a `with` block normally or by `return`/`break`/`continue`."""
        return state

    def at_exit(self, state: S, node: cst.CSTNode) -> None:
        """The function ends here (`return` or falling off the end)."""

    # -- the driver ---------------------------------------------------------------------
    def run(self, function: cst.FunctionDef) -> None:
        """Analyse a function body and call `at_exit` on every way out."""
        outcome = self.block(_body(function.body), self.initial())
        for state, node in outcome.returns:
            self.at_exit(state, node)
        if outcome.normal is not None:
            self.at_exit(outcome.normal, function)

    def _join_all(self, states: Sequence[S | None]) -> S | None:
        result: S | None = None
        for state in states:
            if state is None:
                continue
            result = state if result is None else self.join(result, state)
        return result

    def _record(self, state: S) -> None:
        for states in self._try_states:
            states.append(state)

    def block(self, stmts: Sequence[Statement], state: S) -> Outcome[S]:
        """Run statements in order until control leaves the block."""
        out: Outcome[S] = Outcome(state)
        for stmt in stmts:
            if out.normal is None:
                break
            result = self.statement(stmt, out.normal)
            out.absorb(result)
            out.normal = result.normal
        return out

    def statement(self, stmt: Statement, state: S) -> Outcome[S]:
        """Dispatch on the statement kind."""
        if isinstance(stmt, cst.SimpleStatementLine | cst.SimpleStatementSuite):
            return self._simple(stmt, state)
        if isinstance(stmt, cst.If):
            return self._if(stmt, state)
        if isinstance(stmt, cst.For | cst.While):
            return self._loop(stmt, state)
        if isinstance(stmt, cst.Try | cst.TryStar):
            return self._try(stmt, state)
        if isinstance(stmt, cst.With):
            return self._with(stmt, state)
        if isinstance(stmt, cst.Match):
            return self._match(stmt, state)
        return Outcome(state)  # nested def/class: analysed on its own

    def _simple(
        self, stmt: cst.SimpleStatementLine | cst.SimpleStatementSuite, state: S
    ) -> Outcome[S]:
        for small in stmt.body:
            self._record(state)
            state = self.step(state, small, stmt)
            self._record(state)
            if isinstance(small, cst.Return):
                return Outcome(None, returns=[(state, small)])
            if isinstance(small, cst.Raise):
                return Outcome(None)
            if isinstance(small, cst.Break):
                return Outcome(None, breaks=[state])
            if isinstance(small, cst.Continue):
                return Outcome(None, continues=[state])
        return Outcome(state)

    def _if(self, stmt: cst.If, state: S) -> Outcome[S]:
        state = self.step(state, stmt.test, stmt)
        body = self.block(_body(stmt.body), state)
        if isinstance(stmt.orelse, cst.If):
            other = self._if(stmt.orelse, state)
        elif isinstance(stmt.orelse, cst.Else):
            other = self.block(_body(stmt.orelse.body), state)
        else:
            other = Outcome(state)
        out: Outcome[S] = Outcome(self._join_all([body.normal, other.normal]))
        out.absorb(body)
        out.absorb(other)
        return out

    def _loop(self, stmt: cst.For | cst.While, state: S) -> Outcome[S]:
        header = stmt.iter if isinstance(stmt, cst.For) else stmt.test
        state = self.step(state, header, stmt)
        forever = (
            isinstance(stmt, cst.While)
            and isinstance(stmt.test, cst.Name)
            and stmt.test.value == "True"
        )
        head = state
        body: Outcome[S] = Outcome(None)
        for _ in range(_MAX_LOOP_ROUNDS):
            entry = self.bind_loop_target(head, stmt) if isinstance(stmt, cst.For) else head
            body = self.block(_body(stmt.body), entry)
            joined = self._join_all([head, body.normal, *body.continues])
            assert joined is not None
            if joined == head:
                break
            head = joined
            if isinstance(stmt, cst.While):
                head = self.step(head, stmt.test, stmt)
        exits: list[S | None] = [] if forever else [head]
        if stmt.orelse is not None and not forever:
            other = self.block(_body(stmt.orelse.body), head)
            exits = [other.normal]
            out: Outcome[S] = Outcome(None)
            out.absorb(other)
        else:
            out = Outcome(None)
        out.normal = self._join_all([*exits, *body.breaks])
        out.returns.extend(body.returns)
        return out

    def _try(self, stmt: cst.Try | cst.TryStar, state: S) -> Outcome[S]:
        self._try_states.append([state])
        body = self.block(_body(stmt.body), state)
        reached = self._try_states.pop()
        out: Outcome[S] = Outcome(None)
        normals: list[S | None] = []
        if stmt.orelse is not None and body.normal is not None:
            other = self.block(_body(stmt.orelse.body), body.normal)
            normals.append(other.normal)
            out.absorb(other)
        else:
            normals.append(body.normal)
        out.absorb(body)
        caught = self._join_all(reached)
        for handler in stmt.handlers:
            if caught is None:
                break
            result = self.block(_body(handler.body), caught)
            normals.append(result.normal)
            out.absorb(result)
        out.normal = self._join_all(normals)
        if stmt.finalbody is None:
            return out
        return self._finally(stmt.finalbody, out)

    def _finally(self, final: cst.Finally, out: Outcome[S]) -> Outcome[S]:
        """Every way out of a `try` runs `finally` first."""
        body = _body(final.body)
        result: Outcome[S] = Outcome(None)
        if out.normal is not None:
            normal = self.block(body, out.normal)
            result.normal = normal.normal
            result.absorb(normal)
        for state, node in out.returns:
            after = self.block(body, state)
            result.absorb(after)
            if after.normal is not None:
                result.returns.append((after.normal, node))
        for kind in ("breaks", "continues"):
            for state in getattr(out, kind):
                after = self.block(body, state)
                result.absorb(after)
                if after.normal is not None:
                    getattr(result, kind).append(after.normal)
        return result

    def _with(self, stmt: cst.With, state: S) -> Outcome[S]:
        for item in stmt.items:
            state = self.step(state, item, stmt)
        state = self.enter_with(state, stmt)
        body = self.block(_body(stmt.body), state)
        out: Outcome[S] = Outcome(
            self.leave_with(body.normal, stmt) if body.normal is not None else None
        )
        out.returns = [(self.leave_with(s, stmt), n) for s, n in body.returns]
        out.breaks = [self.leave_with(s, stmt) for s in body.breaks]
        out.continues = [self.leave_with(s, stmt) for s in body.continues]
        return out

    def _match(self, stmt: cst.Match, state: S) -> Outcome[S]:
        state = self.step(state, stmt.subject, stmt)
        out: Outcome[S] = Outcome(None)
        normals: list[S | None] = [state]
        for case in stmt.cases:
            result = self.block(_body(case.body), state)
            normals.append(result.normal)
            out.absorb(result)
        out.normal = self._join_all(normals)
        return out


def _body(suite: cst.BaseSuite) -> Sequence[Statement]:
    if isinstance(suite, cst.IndentedBlock):
        return suite.body
    if isinstance(suite, cst.SimpleStatementSuite):
        return [suite]
    return []


def functions(module: cst.Module) -> list[tuple[cst.FunctionDef, cst.ClassDef | None]]:
    """Every function and method in a module, with its enclosing class (if directly in one)."""
    found: list[tuple[cst.FunctionDef, cst.ClassDef | None]] = []

    class _Finder(cst.CSTVisitor):
        def __init__(self) -> None:
            self.stack: list[cst.ClassDef | cst.FunctionDef] = []

        def visit_ClassDef(self, node: cst.ClassDef) -> None:
            self.stack.append(node)

        def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
            self.stack.pop()

        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            owner = self.stack[-1] if self.stack else None
            found.append((node, owner if isinstance(owner, cst.ClassDef) else None))
            self.stack.append(node)

        def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
            self.stack.pop()

    module.visit(_Finder())
    return found
