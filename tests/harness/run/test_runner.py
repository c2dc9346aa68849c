"""The runner against the reference app in-process: history, outcomes, seeded order."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from harness.check.verdict import judge_url
from harness.run.runner import Runner
from harness.run.scheduler import SeededScheduler
from harness.run.target import AppTarget, reference_target
from harness.scenario.loader import load_scenario, parse_scenario
from reference_app import Settings, create_app, shutdown

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"


async def test_full_interview_records_every_operation_and_passes(reference_database):
    scenario = load_scenario(SCENARIOS / "full-interview-sync.yaml")
    run = await Runner(reference_target(reference_database.url)).run(scenario)
    fs = [op.f for op in run.history]
    assert fs[:3] == ["create", "start", "send_sync"] and fs[-1] == "final_read"
    assert fs.count("send_sync") == 21  # 18 fixed + 3 follow-ups
    assert all(op.outcome == "ok" and op.completed_at >= op.invoked_at for op in run.history)
    assert run.interviews[0].final_status == "completed" and run.interviews[0].final_count == 42
    assert judge_url(run, reference_database.url).passed
    # asyncio.run() formats its result's repr on the way out: it must not be the whole history
    assert "\n" not in repr(run) and len(repr(run)) < 200 and "operations=25" in repr(run)


async def test_refused_requests_are_fail_and_expected(reference_database):
    scenario = load_scenario(SCENARIOS / "bad-inputs.yaml")
    run = await Runner(reference_target(reference_database.url)).run(scenario)
    refused = [(op.step, op.status) for op in run.history if op.outcome == "fail"]
    assert (1, 404) in refused and (6, 409) in refused and (7, 422) in refused
    assert run.checks == ()


async def test_an_unanswered_request_is_info_and_may_be_stored_once(reference_database):
    class Slow:
        """Answers manual messages after the runner's timeout; the append still happens."""

        def __init__(self, app):
            self.app = app

        async def __call__(self, scope, receive, send):
            if scope["type"] == "http" and scope["path"].endswith("/messages"):
                await asyncio.sleep(0.6)  # past the runner's timeout; the append still happens
            await self.app(scope, receive, send)

    text = """\
name: slow manual message
interview: {project_title: T, project_description: D, ai_followups: 0}
load: {timeout: 0.3}
steps:
  - start
  - {action: message, content: Slow note, expect: {status: [201]}}
"""
    app = create_app(Settings(reference_database.url))
    target = AppTarget(Slow(app), shutdown=lambda _a: shutdown(app))
    run = await Runner(target).run(parse_scenario(text))
    (op,) = [op for op in run.history if op.f == "message"]
    assert op.outcome == "info" and op.error == "timeout after 0.3s"
    await asyncio.sleep(0.5)  # let the abandoned request finish its append
    verdict = judge_url(run, reference_database.url)
    assert [r.name for r in verdict.results if not r.passed] == ["responses_as_expected"]


async def _invocations(database, scenario):
    run = await Runner(reference_target(database.url)).run(scenario)
    assert judge_url(run, database.url).passed
    return run.invocations()


async def test_same_seed_same_order_of_requests(reference_template):
    """"Same order": the sequence of (interview, step, operation) invocations is identical."""
    scenario = load_scenario(SCENARIOS / "mixed-sync-async.yaml")
    first, second, other = (reference_template.clone("order") for _ in range(3))
    a = await _invocations(first, scenario)
    b = await _invocations(second, scenario)
    c = await _invocations(other, scenario.with_seed(scenario.load.seed + 1))
    assert a == b
    assert a != c


async def test_scheduler_order_does_not_depend_on_timing():
    async def trial(seed: int, jitter: random.Random) -> list[int]:
        scheduler = SeededScheduler(range(1, 6), seed=seed, limit=3)

        async def worker(number: int) -> None:
            for _ in range(4 + number % 3):
                async with scheduler.turn(number):
                    await asyncio.sleep(jitter.random() / 500)
            await scheduler.finish(number)

        await asyncio.gather(*(worker(n) for n in range(1, 6)))
        return scheduler.order

    orders = [await trial(42, random.Random(j)) for j in range(3)]
    assert orders[0] == orders[1] == orders[2]
    assert await trial(43, random.Random(0)) != orders[0]
    assert len(orders[0]) == sum(4 + n % 3 for n in range(1, 6)) + 5


def test_every_action_has_a_step_handler():
    from harness.run.steps import HANDLERS
    from harness.scenario.model import ACTIONS

    assert tuple(HANDLERS) == ACTIONS
