"""The Locust user that plays interview copies, and the messages it trades with the master.

Imported only inside a Locust process (it imports locust, which
monkey-patches the process for gevent). Each task iteration asks the master
for the next copy, plays it on the process's asyncio loop through the
harness's own step handlers, reports each request to Locust's statistics as
it completes, and sends the copy's transcript back. A user with nothing left
to play stops.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from gevent.event import AsyncResult
from locust import User, constant, task
from locust.env import Environment
from locust.exception import StopUser
from locust.rpc import Message

from harness.locust.copy_player import CopyPlayer
from harness.locust.event_loop import run_on_loop
from harness.run.history import Operation
from harness.scenario.loader import parse_scenario
from harness.scenario.model import Scenario

#: Worker -> master: give me a copy. Master -> worker: here it is (or none).
CLAIM = "persistguard_claim"
COPY = "persistguard_copy"
#: Worker -> master: a copy's transcript.
PLAYED = "persistguard_played"

#: Seconds a user waits for the master to answer a claim before giving up on it.
CLAIM_TIMEOUT = 60.0

_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)

_answers: dict[str, AsyncResult] = {}
_scenarios: dict[tuple[str, int | None], Scenario] = {}


def on_copy(environment: Environment, msg: Message, **_kw: Any) -> None:
    """The master answered a claim: wake the user that made it."""
    waiting = _answers.pop(str(msg.data["ticket"]), None)
    if waiting is not None:
        waiting.set(msg.data["copy"])


def _scenario(claim: dict[str, Any]) -> Scenario:
    key = (str(claim["path"]), claim["seed"])
    if key not in _scenarios:
        scenario = parse_scenario(str(claim["text"]), str(claim["path"]))
        _scenarios[key] = scenario.with_seed(claim["seed"])
    return _scenarios[key]


def stats_name(op: Operation) -> tuple[str, str]:
    """(type, name) for Locust's table: ids folded so that every copy shares one row."""
    method, _, rest = op.request.partition(" ")
    path = _ID.sub("{id}", rest.split(" (", 1)[0])
    return ("WAIT" if op.is_wait else method), path


class InterviewUser(User):
    """Plays persistguard scenario copies, one per task iteration, until none is left."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.player = CopyPlayer(str(self.environment.host), self._report)

    def on_stop(self) -> None:
        run_on_loop(self.player.close())

    def _report(self, op: Operation) -> None:
        kind, name = stats_name(op)
        error = None
        if op.outcome != "ok":
            error = RuntimeError(f"{op.outcome}: {op.status or ''} {op.error or ''}".strip())
        self.environment.events.request.fire(
            request_type=kind,
            name=name,
            response_time=(op.latency or 0.0) * 1000,
            response_length=0,
            exception=error,
            context={"interview": op.interview, "step": op.step},
        )

    def _claim(self) -> dict[str, Any] | None:
        ticket = uuid.uuid4().hex
        answer: AsyncResult = AsyncResult()
        _answers[ticket] = answer
        runner = self.environment.runner
        assert runner is not None
        runner.send_message(CLAIM, {"ticket": ticket})
        copy = answer.get(timeout=CLAIM_TIMEOUT)
        return dict(copy) if copy is not None else None

    @task
    def play_next_copy(self) -> None:
        """Claim a copy, play it, send its transcript to the master."""
        claim = self._claim()
        if claim is None:
            raise StopUser()
        transcript = run_on_loop(self.player.play(_scenario(claim), int(claim["number"])))
        runner = self.environment.runner
        assert runner is not None
        runner.send_message(PLAYED, {"scenario": claim["scenario"], "transcript": transcript})
