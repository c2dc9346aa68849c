"""The mutants of the reference app, found by scanning its source for the sites each one breaks.

Sites are discovered, not listed: one `drop-flag-modified` per `flag_modified`
statement, one `ignore-idempotency-key` per route that passes the key, one
spawn-before-commit per block where a spawn follows a commit. The rest name
one site each; their edits raise `MutantError` if the site is gone, so a
refactored app breaks the catalog loudly instead of yielding a mutant equal
to the original.
"""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import libcst.matchers as m

from harness.mutants.edits import (
    chain,
    contains,
    drop_method,
    edit_blocks,
    insert_after,
    is_call_statement,
    matches,
    move_before,
    rename_reads,
    replace_keyword,
    replace_param,
    replace_statement,
    statement_code,
    unwrap_with,
)
from harness.mutants.model import Mutant

CONVERSATION = "services/conversation.py"
INTERVIEWS = "services/interviews.py"
JOBS = "services/jobs.py"
ROUTES = "routes/interviews.py"

#: A statement that appends to a JSON column in place: `x.conversation_data.append(m)`.
JSON_APPEND = m.SimpleStatementLine(
    body=[
        m.Expr(
            m.Call(
                func=m.Attribute(
                    value=m.Attribute(attr=m.Name("conversation_data")), attr=m.Name("append")
                )
            )
        )
    ]
)
IS_FLAG = matches(is_call_statement("flag_modified"))
IS_COMMIT = matches(
    m.SimpleStatementLine(body=[m.Expr(m.Await(m.Call(func=m.Attribute(attr=m.Name("commit")))))])
)
IS_SPAWN = contains("create_task(", deep=True)


def reference_source() -> Path:
    """The folder of the reference app the mutants are made from."""
    import reference_app

    return Path(reference_app.__file__).parent


def _statements(source: str) -> list[cst.BaseStatement]:
    found: list[cst.BaseStatement] = []

    class Collect(cst.CSTVisitor):
        def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
            found.append(node)

        def visit_For(self, node: cst.For) -> None:
            found.append(node)

    cst.parse_module(source).visit(Collect())
    return found


def _drop_flag_modified(source: dict[str, str]) -> list[Mutant]:
    mutants = []
    for path, text in sorted(source.items()):
        sites = [s for s in _statements(text) if IS_FLAG(s)]
        for nth, site in enumerate(sites):
            suffix = "" if len(sites) == 1 and path == CONVERSATION else f"-{Path(path).stem}-{nth}"
            mutants.append(
                Mutant(
                    name=f"drop-flag-modified{suffix}",
                    family="lost JSON write",
                    summary=f"`{statement_code(site)}` removed ({path}); it serves every append: "
                    "start, sync and async answers, manual messages, the follow-up job",
                    edits=(
                        (path, replace_statement("flag_modified", IS_FLAG, lambda _s: [], nth=nth)),
                    ),
                    lint="ORM001",
                )
            )
    return mutants


def _lost_write_shapes() -> list[Mutant]:
    """The append replaced by each shape that looks like a save and is not (flag dropped)."""
    target = "interview.conversation_data"
    shapes = {
        "append-augmented-assign": (
            "`x.data += [m]`: extends the same list, then re-assigns it",
            lambda _s: [cst.parse_statement(f"{target} += [message]\n")],
        ),
        "append-reassign-same": (
            "append, then `x.data = x.data`: the same object, no change seen",
            lambda s: [s, cst.parse_statement(f"{target} = {target}\n")],
        ),
        "append-assign-equal-copy": (
            "append, then `x.data = list(x.data)`: a new object equal to the mutated one",
            lambda s: [s, cst.parse_statement(f"{target} = list({target})\n")],
        ),
    }
    return [
        Mutant(
            name=name,
            family="lost JSON write",
            summary=summary + "; `flag_modified` dropped",
            edits=(
                (
                    CONVERSATION,
                    chain(
                        replace_statement("append", matches(JSON_APPEND), shape),
                        replace_statement("flag_modified", IS_FLAG, lambda _s: []),
                    ),
                ),
            ),
            lint="ORM001",
        )
        for name, (summary, shape) in shapes.items()
    ]


def _flag_only_with_status() -> Mutant:
    def under_status(statements: list[cst.BaseStatement]) -> list[cst.BaseStatement] | None:
        flags = [i for i, s in enumerate(statements) if IS_FLAG(s)]
        ifs = [i for i, s in enumerate(statements) if contains("if plan.status is not None")(s)]
        if len(flags) != 1 or len(ifs) != 1 or ifs[0] != flags[0] + 1:
            return None
        flag, branch = statements[flags[0]], statements[ifs[0]]
        assert isinstance(branch, cst.If) and isinstance(branch.body, cst.IndentedBlock)
        body = branch.body.with_changes(body=[*branch.body.body, flag])
        return [*statements[: flags[0]], branch.with_changes(body=body), *statements[ifs[0] + 1 :]]

    return Mutant(
        name="flag-modified-only-with-status",
        family="lost JSON write",
        summary="`flag_modified` moved under `if plan.status is not None:` (the status write "
        "is taken to save the row): answers that change no status are lost",
        edits=((CONVERSATION, edit_blocks("flag under status", under_status)),),
        lint="ORM001",
    )


def _spawn_before_commit() -> list[Mutant]:
    return [
        Mutant(
            name="spawn-before-commit",
            family="work spawned before its commit",
            summary="the follow-up job's `asyncio.create_task` moved above "
            "`await session.commit()`",
            edits=((CONVERSATION, move_before("spawn", IS_SPAWN, IS_COMMIT)),),
            lint="ORM002",
            timing=True,
        ),
        Mutant(
            name="spawn-after-flush",
            family="work spawned before its commit",
            summary="`await session.flush()`, then the spawn, then the commit: flushed rows are "
            "still invisible to the job's own session",
            edits=(
                (
                    CONVERSATION,
                    move_before(
                        "spawn", IS_SPAWN, IS_COMMIT, also_insert=["await session.flush()\n"]
                    ),
                ),
            ),
            lint="ORM002",
            timing=True,
        ),
    ]


def _lock_mutants() -> list[Mutant]:
    return [
        Mutant(
            name="drop-row-lock",
            family="lost update",
            summary="`.with_for_update()` dropped from `lock_interview`: concurrent appends "
            "read the same list and the last commit wins",
            edits=((CONVERSATION, drop_method("row lock", "with_for_update")),),
            runtime_only="whether two requests touch one row at once is decided at run time; "
            "an unlocked read-modify-write is also correct code when one writer is guaranteed",
            timing=True,
        ),
        Mutant(
            name="followup-under-row-lock",
            family="lock held across slow work",
            summary="the follow-up job generates its question inside `decide`, holding the row "
            "lock: an answer sent meanwhile waits, then is accepted instead of getting 409",
            edits=(
                (
                    JOBS,
                    chain(
                        replace_statement(
                            "generation", contains("following = await ask("), lambda _s: []
                        ),
                        insert_after(
                            "generation under the lock",
                            contains("if _last_answer(interview) != answered"),
                            "following = await ask(runtime, interview, [])\n",
                        ),
                    ),
                ),
            ),
            runtime_only="holding a lock across an await is often right; what is wrong here is "
            "the contract's 409 for an answer sent while the follow-up is generated",
            timing=True,
        ),
        Mutant(
            name="drop-populate-existing",
            family="lost update",
            summary="`.execution_options(populate_existing=True)` dropped from `lock_interview`",
            edits=(
                (
                    CONVERSATION,
                    drop_method(
                        "populate_existing", "execution_options", keyword="populate_existing"
                    ),
                ),
            ),
            runtime_only="a stale identity map is a run-time property of the session",
            equivalent="every session that locks an interview is fresh (one per request, one "
            "per job phase) and loads nothing before the lock, so the locked SELECT always "
            "fills the object from the row",
        ),
    ]


def _orm_into_job() -> list[Mutant]:
    call = "run_followup_job"
    return [
        Mutant(
            name="job-gets-orm-instance",
            family="ORM object crosses into a task",
            summary="the follow-up job receives the request's `Interview` instead of its id and "
            "reads the conversation from it",
            edits=(
                (
                    INTERVIEWS,
                    replace_keyword(
                        "pass the instance", call, "interview_id", "interview=interview"
                    ),
                ),
                (
                    JOBS,
                    chain(
                        replace_param(
                            "instance parameter", call, "interview_id", "interview: Interview"
                        ),
                        replace_statement(
                            "the job's own read",
                            contains("interview = await session.get(Interview, interview_id)"),
                            lambda _s: [],
                        ),
                        rename_reads("id from the instance", call, "interview_id", "interview.id"),
                    ),
                ),
            ),
            lint="ORM003",
            equivalent="the instance is not expired on commit (`expire_on_commit=False`), so it "
            "holds exactly the committed state the job would read, and the job re-checks the "
            "state under the row lock before it appends",
        ),
        Mutant(
            name="job-gets-request-session",
            family="ORM object crosses into a task",
            summary="the follow-up job receives the request's `AsyncSession` and uses it instead "
            "of opening its own",
            edits=(
                (
                    INTERVIEWS,
                    replace_keyword(
                        "pass the session", call, "job_id", "session=session, job_id=job.id"
                    ),
                ),
                (
                    JOBS,
                    chain(
                        replace_param(
                            "session parameter",
                            call,
                            "job_id",
                            "session: AsyncSession, job_id: uuid.UUID",
                        ),
                        unwrap_with(
                            "the job's own session", contains('job.status = "running"', deep=True)
                        ),
                    ),
                ),
            ),
            lint="ORM003",
        ),
    ]


def _ignore_idempotency_key(source: dict[str, str]) -> list[Mutant]:
    text = source[ROUTES]
    found: list[str] = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            if any(
                a.keyword is not None and a.keyword.value == "idempotency_key" for a in node.args
            ):
                found.append(statement_code(node.func).split(".")[-1])

    cst.parse_module(text).visit(Calls())
    return [
        Mutant(
            name=f"ignore-idempotency-key-{service.replace('_', '-')}",
            family="duplicated retry",
            summary=f"the route drops the `Idempotency-Key` before calling `{service}`: a retry "
            "appends again",
            edits=((ROUTES, replace_keyword("ignore the key", service, "idempotency_key", None)),),
            runtime_only="no rule knows which requests a client may retry; the contract does",
        )
        for service in found
    ]


def _flag_before_append() -> Mutant:
    return Mutant(
        name="flag-modified-before-append",
        family="lost JSON write",
        summary="`flag_modified` moved above the append loop",
        edits=(
            (
                CONVERSATION,
                move_before("flag above the loop", IS_FLAG, contains("for new in plan.messages")),
            ),
        ),
        runtime_only="flagging marks the attribute; the flush writes whatever it holds then",
        equivalent="`flag_modified` marks the attribute as changed and the flush writes its "
        "value at flush time, which includes the messages appended after the flag",
    )


def load_source(root: Path | None = None) -> dict[str, str]:
    """Every `.py` file of the reference app, by path relative to its folder."""
    root = root or reference_source()
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def all_mutants(source: dict[str, str] | None = None) -> list[Mutant]:
    """Every mutant of the reference app, in the order the table shows them."""
    source = source if source is not None else load_source()
    return [
        *_drop_flag_modified(source),
        _flag_only_with_status(),
        *_lost_write_shapes(),
        _flag_before_append(),
        *_spawn_before_commit(),
        *_lock_mutants(),
        *_orm_into_job(),
        *_ignore_idempotency_key(source),
    ]
