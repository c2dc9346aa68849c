"""ORM003 orm-object-crosses-task."""

from __future__ import annotations

import ast

from lint_rules.analysis import FunctionUnit, function_units
from lint_rules.relevance import Text
from lint_rules.rule import Invalid, LintRule, Valid
from lint_rules.scope import FunctionScope, Value
from lint_rules.spawning import Spawn, SpawnFinder
from lint_rules.summaries import ORM_ROOTS, WRITE_METHODS
from lint_rules.syntax import dotted, positional, unwrap_await, walk_shallow


class OrmObjectCrossesTask(LintRule):
    """
    ## What it does
    Checks for an ORM object (a row loaded or added through a session, or a
    list of them), a `Session`/`AsyncSession` or a scoped-session proxy
    (a module-level `scoped_session(...)`, Flask-SQLAlchemy's `db.session`)
    handed to work that runs concurrently or later: an argument of
    `asyncio.create_task(job(...))`, `loop.create_task`,
    `TaskGroup.create_task`, anyio's `start_soon`,
    `BackgroundTasks.add_task`, `threading.Thread(target=..., args=...)`,
    `executor.submit`, `loop.run_in_executor`, Celery `.delay()`/
    `.apply_async()`/`.s()`, RQ's `enqueue`, a project function that passes
    its argument on to one of these, and the functions listed in
    `spawn-functions`; or captured by the callable it runs (a `lambda`,
    `functools.partial`, a nested function, a bound method of the object).
    Work stored for another function to spawn counts too: when a project
    function runs `for work in plan.after_commit: asyncio.create_task(work())`,
    a callable put in that attribute (`Plan(after_commit=[work])` on a
    project class that declares it, `plan.after_commit.append(work)`) is
    checked where it is stored.

    Which names hold rows or sessions is read from annotations, loaders and
    constructors, resolved through the module's imports: a pydantic body, a
    dataclass, an id or a value read from the row (`doc.id`, `doc.title`)
    is not reported, nor a name rebound to such a value before the spawn.
    A name is a session only in a module that uses SQLAlchemy, and a
    session opened from another library (`aiohttp.ClientSession()`) is not
    one; a `sessionmaker` is what the work should get, and is not reported.
    A spawn whose result is awaited on the spot (`await
    loop.run_in_executor(...)`, `pool.submit(...).result()`) runs while
    the caller waits and is not reported, nor is work whose function
    attaches the object to a session of its own first (`merge`, `add`).

    ## Why is this bad?
    A session, and the objects it loaded, belong to the request that opened
    it. The work runs after the request's commit has expired the object's
    attributes, or after its session was closed: reading an attribute then
    raises (`DetachedInstanceError` once the session is closed;
    `MissingGreenlet: greenlet_spawn has not been called` in an asyncio task
    while it is still open), and with
    `expire_on_commit=False` it reads a stale snapshot and fails on the
    first lazy load. A session handed to a task is used by two coroutines
    or threads at once: `InvalidRequestError: This session is provisioning
    a new connection; concurrent operations are not permitted`, or worse,
    interleaved statements in one transaction. A Celery task given a row
    cannot serialise it with the default JSON serializer, and with pickle
    gets a detached copy.

    ## Example
    ```python
    interview = await session.get(Interview, interview_id)
    interview.status = "done"
    await session.commit()
    asyncio.create_task(send_summary(interview))
    ```

    Use instead:
    ```python
    interview = await session.get(Interview, interview_id)
    interview.status = "done"
    await session.commit()
    asyncio.create_task(send_summary(interview.id))  # it opens its own session
    ```

    ## Fix safety
    No autofix: the work's signature must change, and it must open its own
    session.

    ## Configuration
    - `spawn-functions`: extra functions that start concurrent work.
    - `session-names`: names that hold a session (counted only in modules
      that use SQLAlchemy).
    """

    CODE = "ORM003"
    NAME = "orm-object-crosses-task"
    MESSAGE = "{what} `{name}` is handed to `{spawn}`: pass its id and open a session in the work"
    SESSION_MESSAGE = "session `{name}` is handed to `{spawn}`: the work must open its own session"

    @classmethod
    def relevant(cls, text: Text) -> bool:
        return text.may_spawn and text.holds_orm

    VALID = (
        Valid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    await session.commit()
    asyncio.create_task(job(doc_id))
"""
        ),
        Valid(
            """\
def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    session.commit()
    threading.Thread(target=job_sync, args=(doc.id,)).start()
"""
        ),
        Valid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    doc = doc.id
    await session.commit()
    asyncio.create_task(job(doc))
"""
        ),
        Valid(
            """\
class Plan:
    def __init__(self, after_commit: list[Any]) -> None:
        self.after_commit = after_commit


async def finish(session: AsyncSession, plan: Plan) -> None:
    await session.commit()
    for work in plan.after_commit:
        asyncio.create_task(work())


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    await finish(session, Plan(after_commit=[lambda: job(doc_id)]))
"""
        ),
    )

    INVALID = (
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    await session.commit()
    asyncio.create_task(job_doc(doc))
""",
            line=5,
            col=33,
        ),
        Invalid(
            """\
def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    session.commit()
    threading.Thread(target=job_doc_sync, args=(doc,)).start()
""",
            line=5,
            col=49,
        ),
        Invalid(
            """\
def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    session.commit()
    threading.Thread(target=lambda: job_doc_sync(doc)).start()
""",
            line=5,
            col=50,
        ),
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    task = asyncio.create_task(job_with(session, doc_id))
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    await session.commit()
    await task
""",
            line=2,
            col=41,
        ),
        Invalid(
            """\
class Plan:
    def __init__(self, after_commit: list[Any]) -> None:
        self.after_commit = after_commit


async def finish(session: AsyncSession, plan: Plan) -> None:
    await session.commit()
    for work in plan.after_commit:
        asyncio.create_task(work())


async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    await finish(session, Plan(after_commit=[lambda: job_doc(doc)]))
""",
            line=15,
            col=62,
        ),
    )

    def run(self) -> None:
        config = self.context.config
        text = self.context.text
        uses_orm = self._uses_orm()
        for unit in function_units(self.context):
            node = unit.node
            if not text.spawn_lines.any_between(node.lineno, node.end_lineno or 0):
                continue
            finder = SpawnFinder(
                unit.scope,
                node,
                tuple(config.spawn_functions),
                tuple(config.after_commit_spawns),
            )
            waited = _waited_calls(node)
            for call in walk_shallow(node):
                if not isinstance(call, ast.Call) or id(call) in waited:
                    continue
                spawn = finder.spawn(call)
                if spawn is not None:
                    self._check(unit, finder, spawn, uses_orm)
                for stored in finder.stored(call):
                    self._check(unit, finder, stored, uses_orm)

    def _uses_orm(self) -> bool:
        names = self.context.resolver.names.values()
        return any(full.split(".", 1)[0] in ORM_ROOTS for full in names)

    def _check(self, unit: FunctionUnit, finder: SpawnFinder, spawn: Spawn, uses_orm: bool) -> None:
        scope = unit.scope
        handed = _handed(finder, spawn)
        seen: set[str] = set()
        for position, expr in handed:
            value = self._value_at(unit, expr, spawn.call)
            if value is None:
                continue
            name = ast.unparse(expr)
            if name in seen:
                continue
            if value.kind == "session":
                if not (uses_orm or _typed_session(scope, expr)) or not self._orm_session(
                    unit, expr
                ):
                    continue
                seen.add(name)
                message = self.SESSION_MESSAGE.format(name=name, spawn=spawn.label)
                self.report(_where(expr, spawn), message)
                continue
            if _reattached(spawn, position):
                continue
            if not value.persistent and not _attached_here(unit, expr):
                continue  # built here and never added: a plain object that holds no session
            seen.add(name)
            short = (value.model or "").rsplit(".", 1)[-1]
            what = (
                "ORM rows" if value.kind == "models" else f"`{short}` row" if short else "ORM row"
            )
            self.report(
                _where(expr, spawn), self.MESSAGE.format(what=what, name=name, spawn=spawn.label)
            )

    def _value_at(self, unit: FunctionUnit, expr: ast.expr, call: ast.Call) -> Value | None:
        """What `expr` holds at the spawn: a row, rows or a session (else `None`)."""
        scope = unit.scope
        if isinstance(expr, ast.Name):
            rebound = _last_binding(unit.node, expr.id, call.lineno)
            if rebound is not None and not _holds_orm(scope, rebound):
                return None
        value = scope.value(expr)
        if value is None and self._scoped_proxy(unit, expr):
            return Value("session")
        if value is None or value.kind not in ("model", "models", "session"):
            return None
        return value

    def _scoped_proxy(self, unit: FunctionUnit, expr: ast.expr) -> bool:
        """A module-level `scoped_session(...)` proxy (here or imported), not a local name."""
        name = dotted(expr)
        first = (name or "").split(".", 1)[0]
        if name is None or first in unit.scope.params or first in unit.scope.names:
            return False
        qualified = unit.scope.resolver.resolve(expr)
        index = self.context.index
        return qualified is not None and index.canonical(qualified) in index.scoped_sessions

    def _orm_session(self, unit: FunctionUnit, expr: ast.expr) -> bool:
        """Not a session of another library (`async with aiohttp.ClientSession() as session`)."""
        if not isinstance(expr, ast.Name):
            return True
        index = self.context.index
        for node in walk_shallow(unit.node):
            if not isinstance(node, ast.With | ast.AsyncWith):
                continue
            for item in node.items:
                target = item.optional_vars
                if not (isinstance(target, ast.Name) and target.id == expr.id):
                    continue
                inner = unwrap_await(item.context_expr)
                func = inner.func if isinstance(inner, ast.Call) else inner
                if isinstance(func, ast.Attribute) and func.attr in ("begin", "begin_nested"):
                    continue
                qualified = unit.scope.resolver.resolve(func) or ""
                root = qualified.split(".", 1)[0]
                if (
                    qualified
                    and root not in ORM_ROOTS
                    and index.canonical(qualified) not in index.session_factories
                    and index.resolve_function(qualified) is None
                    and not any(m == root or m.startswith(root + ".") for m in index.exports)
                ):
                    return False
        return True


def _where(expr: ast.expr, spawn: Spawn) -> ast.AST:
    """The handed expression, or the spawn when it is read elsewhere (a nested function)."""
    call = spawn.call
    inside = call.lineno <= expr.lineno <= (call.end_lineno or call.lineno)
    return expr if inside else call


def _handed(finder: SpawnFinder, spawn: Spawn) -> list[tuple[int | None, ast.expr]]:
    """What the work is given (with its position among the arguments, when it is one)."""
    found: list[tuple[int | None, ast.expr]] = []
    if spawn.via_helper and spawn.function is not None:
        params = list(spawn.function.params)
        if spawn.function.owner and params:
            params = params[1:]
        passed = set(spawn.function.spawn_params)
        for param, value in zip(params, spawn.call.args, strict=False):
            if param in passed:
                found.append((None, value))
        found.extend((None, kw.value) for kw in spawn.call.keywords if kw.arg in passed)
    else:
        arguments = {id(a): i for i, a in enumerate(spawn.arguments)}
        for expr in finder.captured(spawn):
            found.append((arguments.get(id(expr)), expr))
    target = spawn.target
    if isinstance(target, ast.Attribute):
        found.append((None, target.value))  # a bound method: its object goes along
    flat: list[tuple[int | None, ast.expr]] = []
    for position, expr in found:
        if isinstance(expr, ast.Tuple | ast.List | ast.Set):
            flat.extend((None, e) for e in expr.elts)
        elif isinstance(expr, ast.Starred):
            flat.append((None, expr.value))
        else:
            flat.append((position, expr))
    return [(p, e) for p, e in flat if isinstance(e, ast.Name | ast.Attribute)]


def _reattached(spawn: Spawn, position: int | None) -> bool:
    """The work's function merges or adds that parameter into a session of its own."""
    function = spawn.function
    if function is None or position is None or not function.reattaches:
        return False
    params = list(function.params)
    if function.owner and params and params[0] in ("self", "cls"):
        params = params[1:]
    return position < len(params) and params[position] in function.reattaches


def _waited_calls(function: ast.AST) -> set[int]:
    """Calls whose work the caller waits for on the spot: `await spawn(...)`, `.result()`."""
    found: set[int] = set()
    for node in walk_shallow(function):
        if isinstance(node, ast.Await) and isinstance(node.value, ast.Call):
            found.add(id(node.value))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "result"
            and isinstance(node.func.value, ast.Call)
        ):
            found.add(id(node.func.value))
    return found


def _last_binding(function: ast.AST, name: str, before: int) -> ast.expr | None:
    """The value last assigned to `name` on a line before `before` (a plain assignment only)."""
    best: tuple[int, int] | None = None
    value: ast.expr | None = None
    for node in walk_shallow(function):
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.lineno >= before:
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if not any(isinstance(t, ast.Name) and t.id == name for t in targets):
            continue
        key = (node.lineno, node.col_offset)
        if node.value is not None and (best is None or key > best):
            best, value = key, node.value
    return value


def _holds_orm(scope: FunctionScope, value: ast.expr) -> bool:
    """Could this assigned value be a row, rows or a session (or is it unknown)?"""
    found = scope.value(value)
    if found is not None:
        return found.kind in ("model", "models", "session")
    inner = unwrap_await(value)
    # a read of a row's attribute (`doc.id`) or a call we cannot type is not a row
    return not isinstance(inner, ast.Attribute | ast.Call | ast.Subscript | ast.BinOp)


def _typed_session(scope: FunctionScope, expr: ast.expr) -> bool:
    return isinstance(expr, ast.Name) and expr.id in scope.names


def _attached_here(unit: FunctionUnit, expr: ast.expr) -> bool:
    """A constructed object passed to `session.add(...)`/`add_all`/`merge` in this function."""
    name = dotted(expr)
    for node in walk_shallow(unit.node):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITE_METHODS
            and unit.scope.is_session(node.func.value)
        ):
            for arg in positional(node):
                elements = arg.elts if isinstance(arg, ast.List | ast.Tuple) else [arg]
                if any(dotted(e) == name for e in elements):
                    return True
    return False
