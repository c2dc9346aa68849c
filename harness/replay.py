"""Replay scenarios end to end: where the backend and its database come from, then run and judge.

Two set-ups, one flow. Without a base URL the reference app runs in-process
on PostgreSQL the harness provisions: the schema is built once into a
template and every scenario gets its own clone. With a base URL the backend
is someone else's and `db_url` says where its data lives.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from harness.check.storage import StorageMap, check_storage
from harness.check.verdict import Verdict, judge_url
from harness.errors import HarnessError
from harness.postgres import (
    PostgresChoice,
    PostgresInfo,
    PostgresServer,
    TemplateDatabase,
    describe_server,
    describe_url,
    provision,
    release,
)
from harness.run.chaos import amplified
from harness.run.runner import Runner
from harness.run.target import Target, UrlTarget, reference_target
from harness.scenario.model import Scenario

Progress = Callable[[], None]
T = TypeVar("T")
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: Who reports the queries a stop cuts short (cancelled, connection reset): expected then.
_CUT_SHORT_LOGGERS = ("psycopg", "sqlalchemy.pool")


def run_stoppable(coro: Coroutine[object, object, T]) -> T:
    """`asyncio.run(coro)`, where SIGTERM (and Ctrl-C) cancel the run, then KeyboardInterrupt.

    A signal handler that raises inside the loop leaves every task half-dead (a
    page of "Task exception was never retrieved") and the cleanup to the loop's
    teardown. Cancelling the main task instead lets each `finally` run in order:
    requests stop, the app drains, and only then does the interrupt reach the
    caller, which drops the databases. psycopg's and SQLAlchemy's notes about the queries
    that cancelling cut short are expected then, and kept off the terminal.
    """
    if threading.current_thread() is not threading.main_thread():
        return asyncio.run(coro)
    previous = {signum: signal.getsignal(signum) for signum in _STOP_SIGNALS}
    stopped: list[int] = []

    async def main() -> T:
        task = asyncio.current_task()
        assert task is not None
        loop = asyncio.get_running_loop()

        def stop(signum: int) -> None:
            if not stopped:
                stopped.append(signum)
                for name in _CUT_SHORT_LOGGERS:
                    logging.getLogger(name).setLevel(logging.CRITICAL)
                task.cancel()

        for signum in _STOP_SIGNALS:
            loop.add_signal_handler(signum, stop, signum)
        return await coro

    try:
        return asyncio.run(main())
    except asyncio.CancelledError:
        if stopped:
            raise KeyboardInterrupt(f"signal {stopped[0]}") from None
        raise
    finally:
        for signum, handler in previous.items():  # the loop resets them to the defaults
            signal.signal(signum, handler)


@dataclass(frozen=True)
class ReplaySettings:
    """Where to replay: a base URL and its database, or the reference app on fresh PostgreSQL."""

    base_url: str | None = None
    db_url: str | None = None
    postgres: PostgresChoice = field(default_factory=PostgresChoice)
    seed: int | None = None
    storage: StorageMap = field(default_factory=StorageMap)

    def check(self) -> None:
        """Refuse settings that cannot work, in one line."""
        if self.base_url and not self.db_url:
            raise HarnessError(
                "--base-url needs --db-url: invariants are read from the backend's database, "
                "never through its API"
            )


async def replay_on(
    scenario: Scenario,
    target: Target,
    db_url: str,
    storage: StorageMap | None = None,
    *,
    on_interview_done: Progress | None = None,
) -> Verdict:
    """Run `scenario` against `target`, then judge it from the database at `db_url`."""
    await asyncio.to_thread(check_storage, db_url, storage)  # a wrong mapping: before, not after
    run = await Runner(target).run(scenario, on_interview_done=on_interview_done)
    return await asyncio.to_thread(judge_url, run, db_url, storage)


class ReferenceBackend:
    """The reference app's schema in a template on a provisioned server; one clone per scenario."""

    def __init__(self, server: PostgresServer) -> None:
        from reference_app.db import create_schema

        self.server = server
        self.template = TemplateDatabase(server, create_schema, label="replay_tpl")

    async def replay(
        self, scenario: Scenario, storage: StorageMap, on_interview_done: Progress | None = None
    ) -> Verdict:
        """Replay `scenario` on a fresh clone, dropped afterwards; behind the proxy if it asks."""
        clone = await asyncio.to_thread(self.template.clone, scenario.stem)
        try:
            with amplified(scenario, clone.url) as (app_url, through):
                target = reference_target(app_url)
                target.label += through
                verdict = await replay_on(
                    scenario, target, clone.url, storage, on_interview_done=on_interview_done
                )
        except asyncio.CancelledError:
            raise  # stopping: the server's release drops the clone with the template, at once
        except BaseException:
            await asyncio.to_thread(self.server.drop_database, clone.name)
            raise
        await asyncio.to_thread(self.server.drop_database, clone.name)
        return verdict

    def close(self) -> None:
        self.template.drop()


@contextmanager
def reference_backend(choice: PostgresChoice) -> Iterator[ReferenceBackend]:
    """Provision PostgreSQL, yield the backend, release everything (Ctrl-C included)."""
    server = provision(choice)
    try:
        backend = ReferenceBackend(server)
        yield backend
        backend.close()
    finally:
        release(server)  # whatever is left (all of it, side by side, when interrupted)


def replay_all(
    scenarios: Sequence[Scenario],
    settings: ReplaySettings,
    *,
    on_interview_done: Progress | None = None,
    on_verdict: Callable[[Verdict], None] | None = None,
    on_postgres: Callable[[PostgresInfo], None] | None = None,
) -> list[Verdict]:
    """Replay every scenario (seed overridden if asked) and return the verdicts in order.

    `on_postgres` hears which PostgreSQL is used before the first scenario starts.
    """
    settings.check()
    scenarios = [scenario.with_seed(settings.seed) for scenario in scenarios]
    verdicts: list[Verdict] = []

    def done(verdict: Verdict) -> None:
        verdicts.append(verdict)
        if on_verdict is not None:
            on_verdict(verdict)

    if settings.base_url:
        target = UrlTarget(settings.base_url)
        db_url = settings.db_url or ""
        if on_postgres is not None:
            on_postgres(describe_url(db_url))
        for scenario in scenarios:
            done(
                run_stoppable(
                    replay_on(
                        scenario,
                        target,
                        db_url,
                        settings.storage,
                        on_interview_done=on_interview_done,
                    )
                )
            )
        return verdicts
    with reference_backend(settings.postgres) as backend:
        if on_postgres is not None:
            on_postgres(describe_server(backend.server))
        for scenario in scenarios:
            done(run_stoppable(backend.replay(scenario, settings.storage, on_interview_done)))
    return verdicts
