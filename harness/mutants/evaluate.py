"""Put each mutant through both checks: build a copy, lint it, replay the scenarios against it.

A mutant's scenario runs spend most of their time waiting (on a follow-up's
deadline that a broken app never meets, on COMMITs held in the proxy), not
computing, so with `jobs` > 1 the mutants are evaluated in that many worker
processes side by side, each cloning the one template. Results come back in
catalogue order whatever order the workers finish in. Ctrl-C and SIGTERM are
the parent's to handle: workers ignore SIGINT, and on an interrupt the parent
terminates them and drops what they left (their databases carry their dead
pids, so the server's orphan sweep finds them) before it drops the template.
"""

from __future__ import annotations

import multiprocessing
import signal
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from harness.mutants.build import build
from harness.mutants.catalog import all_mutants, load_source
from harness.mutants.lint_check import Finding, known_rules, lint_copy
from harness.mutants.model import Mutant
from harness.mutants.runtime_check import RunSettings, RuntimeOutcome, run_scenarios
from harness.mutants.verdict import MutantResult
from harness.postgres import (
    PostgresChoice,
    PostgresServer,
    TemplateDatabase,
    provision,
    release,
)
from harness.scenario.model import Scenario

#: What one mutant's evaluation sends back from a worker (a `Mutant` holds edit functions,
#: which do not pickle: the parent pairs the result with its own `Mutant` again).
Evaluated = tuple[tuple[Finding, ...], RuntimeOutcome | None]


def evaluate(
    mutants: Sequence[Mutant | None],
    scenarios: Sequence[Scenario] | None,
    *,
    postgres: PostgresChoice | None = None,
    settings: RunSettings | None = None,
    on_result: Callable[[MutantResult], None] | None = None,
    jobs: int = 1,
) -> list[MutantResult]:
    """Lint every mutant (None: the reference app, as a control); replay `scenarios` against
    each unless None, in `jobs` processes. PostgreSQL is provisioned once and released at
    the end."""
    rules = known_rules()
    settings = settings or RunSettings()
    server = provision(postgres or PostgresChoice()) if scenarios is not None else None
    try:
        template = None
        if server is not None:
            from reference_app.db import create_schema

            template = TemplateDatabase(server, create_schema, label="mutants_tpl")
        try:

            def done(mutant: Mutant | None, evaluated: Evaluated) -> MutantResult:
                findings, outcome = evaluated
                result = MutantResult(mutant, findings, outcome, rules)
                if on_result is not None:
                    on_result(result)
                return result

            if jobs > 1 and len(mutants) > 1:
                return _in_workers(mutants, scenarios, template, settings, jobs, done)
            source = load_source()
            return [
                done(mutant, evaluate_one(mutant, scenarios, template, settings, source))
                for mutant in mutants
            ]
        finally:
            if template is not None:
                template.drop()
    finally:
        if server is not None:
            release(server)


def evaluate_one(
    mutant: Mutant | None,
    scenarios: Sequence[Scenario] | None,
    template: TemplateDatabase | None,
    settings: RunSettings,
    source: dict[str, str] | None = None,
) -> Evaluated:
    """Build one mutant in a temporary folder, lint it, and replay the scenarios against it."""
    with tempfile.TemporaryDirectory(prefix="persistguard-mutant-") as folder:
        copy = build(mutant, Path(folder), source)
        findings = lint_copy(copy)
        outcome = None
        if template is not None and scenarios is not None:
            main = copy.import_app()
            try:
                outcome = run_scenarios(
                    main, scenarios, template, settings, copy.name, quiet=mutant is not None
                )
            finally:
                copy.forget()
    return findings, outcome


def _in_workers(
    mutants: Sequence[Mutant | None],
    scenarios: Sequence[Scenario] | None,
    template: TemplateDatabase | None,
    settings: RunSettings,
    jobs: int,
    done: Callable[[Mutant | None, Evaluated], MutantResult],
) -> list[MutantResult]:
    admin = template.server.url if template is not None else None
    name = template.name if template is not None else None
    # spawn, not fork: the parent may hold an embedded server's threads and open sockets
    context = multiprocessing.get_context("spawn")
    others = set(multiprocessing.active_children())  # a caller's own children are not ours
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_leave_interrupts_to_the_parent
    )
    try:
        futures = [
            pool.submit(_worker, mutant.name if mutant else None, scenarios, admin, name, settings)
            for mutant in mutants
        ]
        # In order: the table and the progress lines read in catalogue order.
        results = [
            done(mutant, future.result()) for mutant, future in zip(mutants, futures, strict=True)
        ]
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        workers = [c for c in multiprocessing.active_children() if c not in others]
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(10)
        if template is not None:
            _sweep_after_workers(template.server)
        raise
    pool.shutdown()
    return results


def _sweep_after_workers(server: PostgresServer) -> None:
    """Drop the clones of the terminated workers (their pids are gone, so they are orphans).

    A worker killed during `CREATE DATABASE` leaves the server finishing it: the
    database appears after the worker died. So sweep until no such statement runs.
    """
    deadline = time.monotonic() + 10
    while True:
        server.sweep_orphans()
        with server.admin_connection() as conn:
            creating = conn.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE state = 'active' AND query ILIKE 'CREATE DATABASE%'"
                " AND pid <> pg_backend_pid()"
            ).fetchone()
        if not creating or not creating[0] or time.monotonic() > deadline:
            server.sweep_orphans()
            return
        time.sleep(0.1)


def _leave_interrupts_to_the_parent() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker(
    mutant_name: str | None,
    scenarios: Sequence[Scenario] | None,
    admin_url: str | None,
    template_name: str | None,
    settings: RunSettings,
) -> Evaluated:
    """One mutant in a worker process, on the parent's server and template."""
    from harness.postgres.url import UrlServer

    mutant = {m.name: m for m in all_mutants()}[mutant_name] if mutant_name else None
    template = None
    if admin_url is not None and template_name is not None:
        template = TemplateDatabase.existing(UrlServer(admin_url), template_name)
    return evaluate_one(mutant, scenarios, template, settings)
