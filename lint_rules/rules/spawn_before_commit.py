"""ORM002 spawn-before-commit."""

from __future__ import annotations

from lint_rules.analysis import function_units
from lint_rules.relevance import Text
from lint_rules.rule import Invalid, LintRule, Valid
from lint_rules.spawning import SpawnFinder
from lint_rules.spawns import SpawnFlow


class SpawnBeforeCommit(LintRule):
    """
    ## What it does
    Checks for work spawned while the session holds uncommitted writes that
    the work needs: `asyncio.create_task`, `asyncio.ensure_future`,
    `loop.create_task`, `TaskGroup.create_task`, anyio's `start_soon`,
    `threading.Thread(...).start()`, `executor.submit`,
    `loop.run_in_executor`, Celery `.delay()`/`.apply_async()`, RQ's
    `enqueue`, a project function that does one of these, and the functions
    listed in `spawn-functions`; reached on some path after a write
    (`session.add/add_all/delete/merge`, `session.execute(insert/update/delete)`,
    an assignment to or mutation of an ORM object's attribute, `flag_modified`,
    a project function that writes without committing) and before the
    `commit()` (a project function that commits, the end of
    `with session.begin():` or of a context manager that commits on exit)
    that makes it visible.

    Work needs the writes when it is handed a written object, its id or the
    key it was loaded by, or the session; when its function (resolved through
    the project: task functions, coroutines, thread targets, two calls deep)
    loads a model that has a pending write; or when its inputs cannot be seen
    (a callable from a variable, a closure). A task given its data by value
    (`send_email.delay(user.email)`: a plain column of the row, or the
    values a new row was built from) is not reported.

    A callback queued on the event loop (`loop.call_soon(lambda:
    task.delay(x))`) runs at the loop's next turn, inside the commit's own
    awaits: a spawn in it counts where it is queued. A spawn imported or
    bound under another name (`from asyncio import create_task as spawn`)
    is still a spawn, and a helper that starts a thread through a local
    name, handing on its `*args`, spawns what it is given.

    A method is a spawn only on a receiver that spawns: the `asyncio` module,
    an event loop, a task group, FastAPI's `BackgroundTasks`, an executor, a
    thread, a task function. `self.agent.create_task(...)` is not.

    `BackgroundTasks.add_task` starts its work only after the handler
    returns, so it is reported only when the writes are still uncommitted at
    the end of the handler. A commit in a `Depends` generator after its
    `yield` does not count: FastAPI before 0.106, and again the current
    versions, run background tasks before closing dependencies. Work that
    waits for the commit (`transaction.on_commit(...)`-style hooks, a task
    class whose `apply_async` registers an after-commit hook, the names in
    `after-commit-spawns`) is not reported.

    ## Why is this bad?
    The spawned job opens its own session, and its own connection sees only
    committed data: it reads the old state. With an async session the window
    is real even when the spawn is the line just before the commit:
    `await session.commit()` yields to the event loop at every round trip, and
    the new task runs in between. The result is a job that works in tests and
    acts on stale data in production, from time to time.

    `flush()` before the spawn is not a cure (flushed rows are still
    invisible to other connections until COMMIT).

    ## Example
    ```python
    interview.status = "in_progress"
    asyncio.create_task(generate_followup(interview.id))
    await session.commit()
    ```

    Use instead:
    ```python
    interview.status = "in_progress"
    await session.commit()
    asyncio.create_task(generate_followup(interview.id))
    ```
    or write the job to a transactional outbox in the same transaction.

    ## Fix safety
    No autofix: moving a spawn changes what happens when the commit fails.

    ## Configuration
    - `spawn-functions`: extra functions that start concurrent work, as
      qualified (`myapp.jobs.enqueue`) or plain (`enqueue`) names.
    - `commit-functions`: functions that commit, when the project index
      cannot see their body (an installed package).
    - `after-commit-spawns`: tasks whose sending waits for the commit.
    - `session-names`: names that hold a session, in addition to `session`,
      `db`, `db_session`, `s`, `async_session` and anything annotated
      `Session`/`AsyncSession`.
    """

    CODE = "ORM002"
    NAME = "spawn-before-commit"
    MESSAGE = "`{spawn}` starts work while the write on line {line} is not committed"

    @classmethod
    def relevant(cls, text: Text) -> bool:
        return text.may_spawn and text.writes

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
async def example(session: AsyncSession, doc_id: int) -> None:
    async with session.begin():
        doc = await session.get(Doc, doc_id)
        doc.title = "new"
    asyncio.create_task(job(doc_id))
"""
        ),
        Valid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    session.add(Doc(id=2, title="new", items=[], meta={}, tags=[]))
    await session.commit()
    asyncio.ensure_future(job(2))
"""
        ),
        Valid(
            """\
def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    session.commit()
    threading.Thread(target=job_sync, args=(doc_id,)).start()
"""
        ),
    )

    INVALID = (
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    asyncio.create_task(job(doc_id))
    await session.commit()
""",
            line=4,
            col=5,
        ),
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    session.add(Doc(id=2, title="new", items=[], meta={}, tags=[]))
    asyncio.ensure_future(job(2))
    await session.commit()
""",
            line=3,
            col=5,
        ),
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    async with session.begin():
        doc = await session.get(Doc, doc_id)
        doc.title = "new"
        asyncio.create_task(job(doc_id))
""",
            line=5,
            col=9,
        ),
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    await session.execute(update(Doc).where(Doc.id == doc_id).values(title="new"))
    async with asyncio.TaskGroup() as tg:
        tg.create_task(job(doc_id))
        await session.commit()
""",
            line=4,
            col=9,
        ),
        Invalid(
            """\
async def example(session: AsyncSession, doc_id: int) -> None:
    doc = await session.get(Doc, doc_id)
    doc.title = "new"
    await session.flush()
    asyncio.create_task(job(doc_id))
    await session.commit()
""",
            line=5,
            col=5,
        ),
        Invalid(
            """\
def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    threading.Thread(target=job_sync, args=(doc_id,)).start()
    session.commit()
""",
            line=4,
            col=5,
        ),
        Invalid(
            """\
def example(session: Session, doc_id: int) -> None:
    doc = session.get(Doc, doc_id)
    doc.title = "new"
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(job_sync, doc_id)
        session.commit()
""",
            line=5,
            col=9,
        ),
    )

    def run(self) -> None:
        config = self.context.config
        for unit in function_units(self.context):
            node = unit.node
            if not self.context.text.spawn_lines.any_between(node.lineno, node.end_lineno or 0):
                continue  # starts no work
            finder = SpawnFinder(
                unit.scope,
                unit.node,
                tuple(config.spawn_functions),
                tuple(config.after_commit_spawns),
            )
            flow = SpawnFlow(unit.scope, finder, tuple(config.commit_functions))
            flow.run(unit.node)
            for spawn, writes in flow.found.values():
                lines = [getattr(flow.writes[w.node], "lineno", 0) for w in writes]
                self.report(spawn.call, self.MESSAGE.format(spawn=spawn.label, line=min(lines)))
