"""Async follow-ups are judged by how long the job took, not by when this client looked."""

from __future__ import annotations

import asyncio
import re

from harness.check.verdict import judge_url
from harness.run.runner import Runner
from harness.run.steps.jobs import job_duration
from harness.run.target import AppTarget
from harness.scenario.loader import parse_scenario
from reference_app import Settings, create_app, shutdown

# The read between the send and the wait is slowed down, so the copy comes back to its
# job long after the job finished: the same delay a busy seeded scheduler causes. The
# async answer is the one to Q18, so its job asks the (slow or fast) AI for follow-up 1.
SCENARIO = (
    """\
name: wait comes late
interview: {project_title: Late, project_description: Waits late., ai_followups: 1}
steps:
  - start
"""
    + "  - answer\n" * 17
    + """\
  - {action: answer, mode: async, wait: false}
  - read
  - {action: wait_followup, deadline: 0.4}
"""
)


class SlowReads:
    """Delays every read of an interview (an ASGI wrapper)."""

    def __init__(self, app, delay: float):
        self.app = app
        self.delay = delay

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "GET" and "/interviews/" in scope["path"]:
            await asyncio.sleep(self.delay)
        await self.app(scope, receive, send)


async def _waits(database, *, ai_latency: float):
    app = create_app(Settings(database.url, ai_latency=ai_latency))
    target = AppTarget(SlowReads(app, 0.8), shutdown=lambda _a: shutdown(app))
    run = await Runner(target).run(parse_scenario(SCENARIO))
    (wait,) = [op for op in run.history if op.f == "wait"]
    return wait, judge_url(run, database.url)


async def test_a_fast_job_looked_at_late_is_on_time(reference_database):
    wait, verdict = await _waits(reference_database, ai_latency=0.0)
    assert wait.outcome == "ok", wait.error
    assert verdict.passed, [f.describe() for f in verdict.failures()]


async def test_a_slow_job_is_late_even_when_it_finished_before_the_wait(reference_database):
    wait, verdict = await _waits(reference_database, ai_latency=0.6)
    assert wait.outcome == "fail"
    took = re.fullmatch(r"job finished after (\d+\.\d+)s", wait.error or "")
    assert took is not None, wait.error
    assert float(took.group(1)) >= 0.6  # the AI's own latency: a lower bound, load adds to it
    assert {r.name for r in verdict.results if not r.passed} == {
        "followups_on_time",
        "responses_as_expected",
    }


def test_job_duration_uses_the_backends_timestamps_or_says_it_cannot():
    body = {"created_at": "2025-01-01T10:00:00.250000Z", "finished_at": "2025-01-01T10:00:01Z"}
    assert job_duration(body) == 0.75
    assert job_duration({"created_at": "2025-01-01T10:00:00Z", "finished_at": None}) is None
    assert job_duration({"status": "succeeded"}) is None


STARTED = (
    """\
name: send while the follow-up runs
interview: {project_title: Started, project_description: Waits for the start., ai_followups: 1}
steps:
  - start
"""
    + "  - answer\n" * 17
    + """\
  - {action: answer, mode: async, wait: false}
  - {action: wait_followup, until: started}
  - read
  - wait_followup
"""
)


async def test_until_started_returns_while_the_job_runs_and_keeps_it_tracked(reference_database):
    app = create_app(Settings(reference_database.url, ai_latency=1.0))
    target = AppTarget(app, shutdown=lambda _a: shutdown(app))
    run = await Runner(target).run(parse_scenario(STARTED))
    started, read, done = [op for op in run.history if op.step >= 20 and op.f != "final_read"]
    assert (started.f, started.outcome, started.body["status"]) == ("wait_started", "ok", "running")
    # the read came while the follow-up was still being generated (the AI takes a second):
    # 1 + 17 * 2 messages and the async answer, no follow-up question yet
    assert read.body["message_count"] == 36
    assert (done.f, done.outcome, done.body["status"]) == ("wait", "ok", "succeeded")
    assert judge_url(run, reference_database.url).passed
