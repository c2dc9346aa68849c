"""Which calls start concurrent work, what they run, and what they hand to it (ORM002, ORM003).

A method named like a spawn is a spawn only on a receiver that spawns:
the `asyncio` module, an event loop, a `TaskGroup`/nursery, FastAPI's
`BackgroundTasks`, an executor, a thread, or a task function (Celery,
Dramatiq, RQ). `self.agent.create_task(...)` on a project object is not
`asyncio.create_task`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace

from lint_rules.scope import FunctionScope
from lint_rules.summaries import FunctionFacts
from lint_rules.syntax import Function, dotted, keyword, last_name, positional, walk_shallow

_ASYNCIO_SPAWNS = frozenset({"asyncio.create_task", "asyncio.ensure_future"})
_TASK_METHODS = frozenset({"delay", "apply_async"})
_THREADS = ("Thread", "Process", "Timer")
#: event-loop methods that run a callback later
_CALLBACKS = frozenset({"call_soon", "call_soon_threadsafe", "call_later", "call_at"})
_QUEUE_METHODS = frozenset({"enqueue", "enqueue_call", "enqueue_in", "enqueue_at", "enqueue_job"})


@dataclass(frozen=True)
class Spawn:
    """A call that starts work: a label, the callable it runs (if known) and what it is given."""

    call: ast.Call
    label: str
    #: the expression naming the function that runs (`job` in `create_task(job(x))`)
    target: ast.expr | None
    #: the values handed to that function
    arguments: tuple[ast.expr, ...]
    #: the project function that runs, when resolved
    function: FunctionFacts | None = None
    #: the call waits for the surrounding transaction to commit (after-commit hooks)
    deferred: bool = False
    #: a project helper that spawns on the caller's behalf
    via_helper: bool = False
    #: starts only after the function returns (FastAPI/Starlette `BackgroundTasks`)
    after_return: bool = False

    @property
    def opaque(self) -> bool:
        """Its inputs cannot be seen: a callable from a variable or a closure, given nothing."""
        return self.function is None and not self.arguments and self.target is not None


class SpawnFinder:
    """Recognises spawns in one function (knowing its names and its thread constructions)."""

    def __init__(
        self,
        scope: FunctionScope,
        function: Function,
        extra: tuple[str, ...] = (),
        after_commit: tuple[str, ...] = (),
    ) -> None:
        self.scope = scope
        self.index = scope.index
        self.extra = extra
        self.after_commit = after_commit
        self.threads: dict[str, ast.Call] = {}
        self.local_defs: dict[str, Function] = {}
        for node in walk_shallow(function):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and last_name(node.value.func) in _THREADS
            ):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.threads[target.id] = node.value
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.local_defs[node.name] = node
        for stmt in function.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                self.local_defs[stmt.name] = stmt

    # -- the callable and its arguments ---------------------------------------------------------
    def _resolve(self, target: ast.expr | None) -> FunctionFacts | None:
        if target is None:
            return None
        if isinstance(target, ast.Attribute | ast.Name):
            fake = ast.Call(func=target, args=[], keywords=[])
            return self.index.function(self.index.resolve_function(self.scope.callee(fake)))
        return None

    def _coroutine(self, call: ast.Call, label: str, deferred: bool = False) -> Spawn:
        """`create_task(job(a, b))`: the coroutine call names the function and its arguments."""
        args = positional(call)
        coro = args[0] if args else keyword(call, "coro")
        if isinstance(coro, ast.Call):
            values = (*coro.args, *(kw.value for kw in coro.keywords))
            return Spawn(call, label, coro.func, values, self._resolve(coro.func), deferred)
        return Spawn(call, label, coro, (), None, deferred)

    def _callable_first(self, call: ast.Call, label: str, skip: int = 0) -> Spawn:
        """`add_task(fn, *args)`, `submit(fn, *args)`, `run_in_executor(ex, fn, *args)`."""
        args = call.args[skip:]
        if not args:
            return Spawn(call, label, None, ())
        target, rest = args[0], (*args[1:], *(kw.value for kw in call.keywords))
        return Spawn(call, label, target, rest, self._resolve(target))

    def _thread(self, call: ast.Call, construction: ast.Call, label: str) -> Spawn:
        target = keyword(construction, "target")
        values = [
            *_unpacked(keyword(construction, "args")),
            *_unpacked(keyword(construction, "kwargs")),
        ]
        if last_name(construction.func) == "Timer":
            args = positional(construction)
            target = target or (args[1] if len(args) > 1 else None)
        return Spawn(call, label, target, tuple(values), self._resolve(target))

    def _task(self, call: ast.Call, receiver: ast.expr, label: str) -> Spawn | None:
        """`job.delay(...)`/`job.apply_async(...)` on a task function (or an unknown import)."""
        if isinstance(receiver, ast.Call) and last_name(receiver.func) in ("s", "si", "signature"):
            inner = receiver.func.value if isinstance(receiver.func, ast.Attribute) else None
            given = (*receiver.args, *(kw.value for kw in receiver.keywords))
            function = self._resolve(inner)
            return Spawn(call, label, inner, given, function, self._deferred(function, inner))
        value = self.scope.value(receiver)
        if value is not None and value.kind != "task":
            return None  # a local object of a known kind: not a task
        function = self._resolve(receiver)
        qualified = self.scope.resolver.resolve(receiver)
        if function is None and qualified is not None and self.index.resolve_class(qualified):
            return None
        if function is not None and not (function.is_task or function.decorators):
            return None
        if function is None and dotted(receiver) is None:
            return None
        values: list[ast.expr] = [*call.args, *(kw.value for kw in call.keywords)]
        if last_name(call.func) == "apply_async":
            values = [*_unpacked(keyword(call, "args")), *_unpacked(keyword(call, "kwargs"))]
            values.extend(positional(call)[:2])
        return Spawn(
            call, label, receiver, tuple(values), function, self._deferred(function, receiver)
        )

    def _deferred(self, function: FunctionFacts | None, receiver: ast.expr | None) -> bool:
        if function is not None and function.qualname in self.index.deferred_tasks:
            return True
        qualified = self.scope.resolver.resolve(receiver) or ""
        return any(qualified == w or qualified.endswith("." + w) for w in self.after_commit)

    # -- recognition ------------------------------------------------------------------------
    def spawn(self, call: ast.Call) -> Spawn | None:
        """The spawn `call` makes, or `None`."""
        func = call.func
        label = ast.unparse(func)
        qualified = self.scope.resolver.resolve(func) or ""
        name = last_name(func) or ""
        for wanted in self.extra:
            if qualified == wanted or ("." not in wanted and name == wanted) or label == wanted:
                values = (*call.args, *(kw.value for kw in call.keywords))
                return Spawn(call, label, None, values)
        if qualified in _ASYNCIO_SPAWNS:
            return self._coroutine(call, label)
        if not isinstance(func, ast.Attribute):
            return self._helper(call, label)
        receiver = func.value
        value = self.scope.value(receiver)
        kind = value.kind if value is not None else None
        if name in _CALLBACKS and kind == "loop":
            return self._callback(call, label)
        if name in ("create_task", "ensure_future") and kind in ("loop", "taskgroup"):
            return self._coroutine(call, label)
        if name == "start_soon" and (
            kind == "taskgroup"
            or (kind is None and _named_like(receiver, ("tg", "nursery", "task_group")))
        ):
            return self._callable_first(call, label)
        if name == "add_task" and (
            kind == "background" or _named_like(receiver, ("background_tasks", "background"))
        ):
            return replace(self._callable_first(call, label), after_return=True)
        if name in ("submit", "map") and (
            kind == "executor"
            or (kind is None and _named_like(receiver, ("executor", "pool", "thread_pool")))
        ):
            return self._callable_first(call, label)
        if name == "run_in_executor" and kind == "loop":
            return self._callable_first(call, label, skip=1)
        if name == "start":
            if isinstance(receiver, ast.Call) and last_name(receiver.func) in (
                "Thread",
                "Process",
                "Timer",
            ):
                return self._thread(call, receiver, f"{last_name(receiver.func)}(...).start")
            if isinstance(receiver, ast.Name) and receiver.id in self.threads:
                return self._thread(call, self.threads[receiver.id], label)
            return None
        if name in _TASK_METHODS:
            return self._task(call, receiver, label)
        if name == "send" and self._resolve(receiver) is not None:
            function = self._resolve(receiver)
            if function is not None and function.is_task:
                values = (*call.args, *(kw.value for kw in call.keywords))
                return Spawn(call, label, receiver, values, function)
        if name in _QUEUE_METHODS and kind in (None, "object"):
            return self._callable_first(call, label)
        return self._helper(call, label)

    def _callback(self, call: ast.Call, label: str) -> Spawn | None:
        """`loop.call_soon(lambda: task.delay(x))`: the callback runs at the loop's next turn.

        That turn comes at the caller's next `await` (the commit's own round
        trips), so a spawn inside the callback starts before the commit ends.
        """
        args = positional(call)
        callback = args[1 if last_name(call.func) in ("call_later", "call_at") else 0 :]
        if not callback or not isinstance(callback[0], ast.Lambda):
            return None
        for inner in ast.walk(callback[0].body):
            if isinstance(inner, ast.Call):
                found = self.spawn(inner)
                if found is not None:
                    return replace(found, call=call, label=label)
        return None

    def _helper(self, call: ast.Call, label: str) -> Spawn | None:
        """A project function that spawns on our behalf (`start_processing(job.id)`)."""
        qualname = self.index.resolve_function(self.scope.callee(call))
        if qualname is None or qualname not in self.index.spawns:
            return None
        function = self.index.functions[qualname]
        values = (*call.args, *(kw.value for kw in call.keywords))
        return Spawn(call, label, call.func, values, function, via_helper=True)

    def stored(self, call: ast.Call) -> list[Spawn]:
        """Work stored where a project function spawns it: `Plan(after_commit=[work])` or
        `plan.after_commit.append(work)`, when some function runs `for w in
        x.after_commit: create_task(w())` (ORM003 only: when it starts is the
        spawning function's business, judged by ORM002 there)."""
        fields = self.index.spawned_fields
        if not fields:
            return []
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in ("append", "extend", "insert")
            and isinstance(func.value, ast.Attribute)
            and func.value.attr in fields
        ):
            args = positional(call)
            given = args[-1:]
            label = ast.unparse(func.value)
        else:
            qualified = self.scope.resolver.resolve(func)
            owner = self.index.resolve_class(qualified) if qualified else None
            facts = self.index.classes.get(owner or "")
            if facts is None:
                return []
            declared = set(facts.members) | {name for name, _ in facts.fields}
            found = [kw for kw in call.keywords if kw.arg in fields and kw.arg in declared]
            if not found:
                return []
            given = [kw.value for kw in found]
            label = f"{facts.name}.{found[0].arg}"
        values: list[ast.expr] = []
        for expr in given:
            values.extend(_unpacked(expr))
        return [
            Spawn(call, label, value, (), self._resolve(value), deferred=True)
            for value in values
            if isinstance(value, ast.Name | ast.Attribute | ast.Lambda | ast.Call)
        ]

    def captured(self, spawn: Spawn) -> list[ast.expr]:
        """What the work is handed: arguments, names captured by lambdas/partials/closures."""
        found: list[ast.expr] = list(spawn.arguments)
        target = spawn.target
        if isinstance(target, ast.Lambda):
            found.extend(_free_names(target.body, {a.arg for a in target.args.args}))
        if isinstance(target, ast.Call) and last_name(target.func) == "partial":
            found.extend(target.args[1:])
            found.extend(kw.value for kw in target.keywords)
        for value in list(found):
            if isinstance(value, ast.Lambda):
                found.extend(_free_names(value.body, {a.arg for a in value.args.args}))
        local = self.local_defs.get(dotted(target) or "") if target is not None else None
        if local is not None:
            params = {
                a.arg for a in (*local.args.posonlyargs, *local.args.args, *local.args.kwonlyargs)
            }
            for stmt in local.body:
                found.extend(_free_names(stmt, params))
        return found


def _unpacked(given: ast.expr | None) -> list[ast.expr]:
    """The values in `args=(a, b)` / `kwargs={"k": v}` (or the expression itself)."""
    if isinstance(given, ast.Tuple | ast.List):
        return list(given.elts)
    if isinstance(given, ast.Dict):
        return [v for v in given.values if v is not None]
    return [given] if given is not None else []


def _named_like(node: ast.expr, names: tuple[str, ...]) -> bool:
    text = (dotted(node) or "").rsplit(".", 1)[-1].lstrip("_")
    return text in names


def _free_names(node: ast.AST, bound: set[str]) -> list[ast.Name]:
    """Names read in `node` that it does not bind itself (its free variables, roughly)."""
    assigned = {
        n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    seen: set[str] = set()
    found: list[ast.Name] = []
    for inner in ast.walk(node):
        if (
            isinstance(inner, ast.Name)
            and isinstance(inner.ctx, ast.Load)
            and inner.id not in bound
            and inner.id not in assigned
            and inner.id not in seen
        ):
            seen.add(inner.id)
            found.append(inner)
    return found
