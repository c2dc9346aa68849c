"""`followups_on_time` judges what storage shows, and the harness's own load cannot make it fail.

The deadline runs from the acknowledged answer's stored `created_at` to its
follow-up's, as the invariant's name promises; and the in-process app runs
its background jobs on its own event loop, so a harness that hogs its loop
does not make a correct backend's jobs late.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from datetime import datetime, timedelta

import httpx

from harness.check.verdict import judge_url
from harness.run.runner import Runner
from harness.run.target import AppTarget, reference_target
from harness.scenario.loader import parse_scenario
from reference_app import Settings, create_app, shutdown

# Q18's answer is async: its job asks the AI (slow or fast) for follow-up 1.
SCENARIO = (
    """\
name: follow-up timing
interview: {project_title: Timing, project_description: Times follow-ups., ai_followups: 1}
steps:
  - start
"""
    + "  - answer\n" * 17
    + """\
  - {action: answer, mode: async, deadline: 0.5}
"""
)


class QuickJobClock:
    """Rewrites `GET /jobs/{id}` answers so the job claims it took 10 ms (an ASGI wrapper)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/jobs/"):
            await self.app(scope, receive, send)
            return
        parts: list[bytes] = []
        start: dict = {}

        async def keep(message):
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                parts.append(message.get("body", b""))

        await self.app(scope, receive, keep)
        body = json.loads(b"".join(parts))
        if body.get("finished_at"):
            created = datetime.fromisoformat(body["created_at"])
            body["finished_at"] = (created + timedelta(milliseconds=10)).isoformat()
        data = json.dumps(body).encode()
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(data)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": data})


async def test_a_follow_up_stored_late_fails_whatever_the_job_reports(reference_database):
    app = create_app(Settings(reference_database.url, ai_latency=0.8))
    target = AppTarget(QuickJobClock(app), shutdown=lambda _a: shutdown(app))
    run = await Runner(target).run(parse_scenario(SCENARIO))
    verdict = judge_url(run, reference_database.url)
    (result,) = [r for r in verdict.results if r.name == "followups_on_time"]
    (failure,) = result.failures
    assert failure.expected == "a follow-up question within 0.5s of the acknowledged answer"
    found = re.fullmatch(r"stored (\d+\.\d+)s after the answer \((\d+\.\d+)s late\)", failure.found)
    assert found is not None, failure.found
    assert float(found[1]) >= 0.8 and float(found[2]) >= 0.3  # the AI's latency: a lower bound


class HoggingTarget:
    """The reference target, plus a harness that blocks its own loop for `hog` seconds
    right after each async answer is acknowledged (a CPU-bound neighbour, a slow report)."""

    def __init__(self, url: str, hog: float):
        self.inner = reference_target(url, ai_latency=0.05)
        self.label = self.inner.label
        self.hog = hog

    @contextlib.asynccontextmanager
    async def client(self, limits):
        async def block(response: httpx.Response) -> None:
            if response.request.url.path.endswith("/send-message-async"):
                time.sleep(self.hog)  # blocks the harness's event loop, as heavy load does

        async with self.inner.client(limits) as client:
            client.event_hooks["response"].append(block)
            yield client


async def test_the_harness_hogging_its_loop_does_not_make_a_correct_backend_late(
    reference_database,
):
    target = HoggingTarget(reference_database.url, hog=1.5)
    run = await Runner(target).run(parse_scenario(SCENARIO))
    verdict = judge_url(run, reference_database.url)
    assert verdict.passed, [f.describe() for f in verdict.failures()]
