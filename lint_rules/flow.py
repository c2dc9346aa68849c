"""A small statement-level flow analysis over one function body (`ast`).

Path-sensitive enough for what the rules need: `if/elif/else` branches are
analysed separately and joined, loops run to a fixpoint (with `break`,
`continue` and `else`), `with` blocks get enter/leave hooks (`session.begin()`
commits on leave), `return` ends a path, and `raise` ends a path without
reaching the function's end: a failed request rolls back, so what is pending
there is not lost data.

Exception edges start only at statements that can raise: a `try` handler sees
the state *before* each such statement of the body (its effect did not
happen), so a `flag_modified` guarded by `except AttributeError: pass` right
after the mutation does not make the mutation look unflagged.

A rule supplies the state (immutable, comparable) and the transfer functions.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from lint_rules.syntax import Function, children

S = TypeVar("S")

_MAX_LOOP_ROUNDS = 8
#: statements that cannot raise by themselves
_QUIET = (ast.Pass, ast.Break, ast.Continue, ast.Global, ast.Nonlocal)


@dataclass
class Outcome(Generic[S]):
    """Where control can go after a block: on, out by `return`, `break` or `continue`."""

    normal: S | None
    returns: list[tuple[S, ast.AST]] = field(default_factory=list)
    breaks: list[S] = field(default_factory=list)
    continues: list[S] = field(default_factory=list)

    def absorb(self, other: Outcome[S]) -> None:
        """Take over another block's early exits."""
        self.returns.extend(other.returns)
        self.breaks.extend(other.breaks)
        self.continues.extend(other.continues)


def can_raise(stmt: ast.AST) -> bool:
    """Could this simple statement raise? (anything that calls, indexes or looks up)"""
    if isinstance(stmt, _QUIET):
        return False
    if isinstance(stmt, ast.Raise | ast.Assert):
        return True
    stack: list[ast.AST] = [stmt]
    while stack:
        node = stack.pop()
        if isinstance(node, _RAISING):
            return True
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            return True  # NameError, in principle; cheap to keep
        stack.extend(children(node))
    return False


_RAISING = (ast.Call, ast.Subscript, ast.Attribute, ast.Await, ast.BinOp)


class FlowAnalysis(Generic[S]):
    """Subclass and implement `initial`, `join`, `step`; override the hooks as needed."""

    def __init__(self) -> None:
        self._try_states: list[list[S]] = []

    # -- what a rule implements ---------------------------------------------------------
    def initial(self) -> S:
        raise NotImplementedError

    def join(self, first: S, second: S) -> S:
        raise NotImplementedError

    def step(self, state: S, node: ast.AST, stmt: ast.stmt) -> S:
        """Effect of one simple statement, or of a compound statement's header expression."""
        raise NotImplementedError

    def on_raise(self, state: S, stmt: ast.stmt) -> S:
        """The state an exception raised by `stmt` carries to a handler (default: before it)."""
        return state

    def bind_loop_target(self, state: S, node: ast.For | ast.AsyncFor) -> S:
        """`for target in iter:` binds `target` at the top of every round."""
        return state

    def enter_with(self, state: S, node: ast.With | ast.AsyncWith) -> S:
        """Entering a `with` block (its items have already been stepped)."""
        return state

    def leave_with(self, state: S, node: ast.With | ast.AsyncWith) -> S:
        """Leaving a `with` block normally or by `return`/`break`/`continue`."""
        return state

    def at_exit(self, state: S, node: ast.AST) -> None:
        """The function ends here (`return` or falling off the end)."""

    # -- the driver ---------------------------------------------------------------------
    def run(self, function: Function) -> None:
        """Analyse a function body and call `at_exit` on every way out."""
        outcome = self.block(function.body, self.initial())
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

    def _raises(self, state: S, stmt: ast.stmt) -> None:
        if self._try_states and can_raise(stmt):
            edge = self.on_raise(state, stmt)
            for states in self._try_states:
                states.append(edge)

    def block(self, stmts: Sequence[ast.stmt], state: S) -> Outcome[S]:
        """Run statements in order until control leaves the block."""
        out: Outcome[S] = Outcome(state)
        for stmt in stmts:
            if out.normal is None:
                break
            result = self.statement(stmt, out.normal)
            out.absorb(result)
            out.normal = result.normal
        return out

    def statement(self, stmt: ast.stmt, state: S) -> Outcome[S]:
        """Dispatch on the statement kind."""
        if isinstance(stmt, ast.If):
            return self._if(stmt, state)
        if isinstance(stmt, ast.For | ast.AsyncFor | ast.While):
            return self._loop(stmt, state)
        if isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            return self._try(stmt, state)  # type: ignore[arg-type]
        if isinstance(stmt, ast.With | ast.AsyncWith):
            return self._with(stmt, state)
        if isinstance(stmt, ast.Match):
            return self._match(stmt, state)
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            return Outcome(state)  # analysed on its own
        return self._simple(stmt, state)

    def _simple(self, stmt: ast.stmt, state: S) -> Outcome[S]:
        self._raises(state, stmt)
        state = self.step(state, stmt, stmt)
        if isinstance(stmt, ast.Return):
            return Outcome(None, returns=[(state, stmt)])
        if isinstance(stmt, ast.Raise):
            return Outcome(None)
        if isinstance(stmt, ast.Break):
            return Outcome(None, breaks=[state])
        if isinstance(stmt, ast.Continue):
            return Outcome(None, continues=[state])
        return Outcome(state)

    def _header(self, state: S, expr: ast.expr, stmt: ast.stmt) -> S:
        self._raises(state, ast.Expr(expr))
        return self.step(state, expr, stmt)

    def _if(self, stmt: ast.If, state: S) -> Outcome[S]:
        state = self._header(state, stmt.test, stmt)
        body = self.block(stmt.body, state)
        other = self.block(stmt.orelse, state) if stmt.orelse else Outcome(state)
        out: Outcome[S] = Outcome(self._join_all([body.normal, other.normal]))
        out.absorb(body)
        out.absorb(other)
        return out

    def _loop(self, stmt: ast.For | ast.AsyncFor | ast.While, state: S) -> Outcome[S]:
        header = stmt.test if isinstance(stmt, ast.While) else stmt.iter
        state = self._header(state, header, stmt)
        forever = (
            isinstance(stmt, ast.While)
            and isinstance(stmt.test, ast.Constant)
            and bool(stmt.test.value)
        )
        head = state
        body: Outcome[S] = Outcome(None)
        for _ in range(_MAX_LOOP_ROUNDS):
            entry = head if isinstance(stmt, ast.While) else self.bind_loop_target(head, stmt)
            body = self.block(stmt.body, entry)
            joined = self._join_all([head, body.normal, *body.continues])
            assert joined is not None
            if joined == head:
                break
            head = joined
            if isinstance(stmt, ast.While):
                head = self.step(head, stmt.test, stmt)
        exits: list[S | None] = [] if forever else [head]
        out: Outcome[S] = Outcome(None)
        if stmt.orelse and not forever:
            other = self.block(stmt.orelse, head)
            exits = [other.normal]
            out.absorb(other)
        out.normal = self._join_all([*exits, *body.breaks])
        out.returns.extend(body.returns)
        return out

    def _try(self, stmt: ast.Try, state: S) -> Outcome[S]:
        self._try_states.append([])
        body = self.block(stmt.body, state)
        reached = self._try_states.pop()
        out: Outcome[S] = Outcome(None)
        normals: list[S | None] = []
        if stmt.orelse and body.normal is not None:
            other = self.block(stmt.orelse, body.normal)
            normals.append(other.normal)
            out.absorb(other)
        else:
            normals.append(body.normal)
        out.absorb(body)
        caught = self._join_all(reached)
        for handler in stmt.handlers:
            if caught is None:
                break
            result = self.block(handler.body, caught)
            normals.append(result.normal)
            out.absorb(result)
        out.normal = self._join_all(normals)
        if not stmt.finalbody:
            return out
        return self._finally(stmt.finalbody, out)

    def _finally(self, final: list[ast.stmt], out: Outcome[S]) -> Outcome[S]:
        """Every way out of a `try` runs `finally` first."""
        result: Outcome[S] = Outcome(None)
        if out.normal is not None:
            normal = self.block(final, out.normal)
            result.normal = normal.normal
            result.absorb(normal)
        for state, node in out.returns:
            after = self.block(final, state)
            result.absorb(after)
            if after.normal is not None:
                result.returns.append((after.normal, node))
        for kind in ("breaks", "continues"):
            for state in getattr(out, kind):
                after = self.block(final, state)
                result.absorb(after)
                if after.normal is not None:
                    getattr(result, kind).append(after.normal)
        return result

    def _with(self, stmt: ast.With | ast.AsyncWith, state: S) -> Outcome[S]:
        for item in stmt.items:
            self._raises(state, ast.Expr(item.context_expr))
            state = self.step(state, item, stmt)
        state = self.enter_with(state, stmt)
        body = self.block(stmt.body, state)
        out: Outcome[S] = Outcome(
            self.leave_with(body.normal, stmt) if body.normal is not None else None
        )
        out.returns = [(self.leave_with(s, stmt), n) for s, n in body.returns]
        out.breaks = [self.leave_with(s, stmt) for s in body.breaks]
        out.continues = [self.leave_with(s, stmt) for s in body.continues]
        return out

    def _match(self, stmt: ast.Match, state: S) -> Outcome[S]:
        state = self._header(state, stmt.subject, stmt)
        out: Outcome[S] = Outcome(None)
        normals: list[S | None] = [state]
        for case in stmt.cases:
            result = self.block(case.body, state)
            normals.append(result.normal)
            out.absorb(result)
        out.normal = self._join_all(normals)
        return out
