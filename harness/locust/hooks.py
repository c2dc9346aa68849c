"""Locust event hooks: persistguard's options, the master's handout, the end of the run.

Imported only inside a Locust process. The master (or a standalone run)
loads the scenarios, answers claims, collects transcripts and, once every
copy is back, writes the results file and ends the run; workers only play.
"""

from __future__ import annotations

import logging
from typing import Any

import gevent
from locust import events
from locust.env import Environment
from locust.rpc import Message
from locust.runners import MasterRunner, WorkerRunner

from harness.errors import HarnessError
from harness.locust.handout import Handout
from harness.locust.interview_user import CLAIM, COPY, PLAYED, on_copy

_handout: list[Handout] = []
#: Which Locust processes sent transcripts back (`local` in a standalone run).
_players: set[str] = set()


def add_options(parser: Any) -> None:
    """persistguard's options; the master passes them on to its workers."""
    group = parser.add_argument_group("persistguard")
    group.add_argument(
        "--persistguard-scenarios",
        nargs="+",
        default=[],
        help="scenario files or folders the master hands out",
    )
    group.add_argument(
        "--persistguard-seed", type=int, default=None, help="override each file's load.seed"
    )
    group.add_argument(
        "--persistguard-results", default="", help="JSON file the master writes at the end"
    )


def _on_claim(environment: Environment, msg: Message, **_kw: Any) -> None:
    runner = environment.runner
    assert runner is not None
    copy = _handout[0].claim() if _handout else None
    runner.send_message(COPY, {"ticket": msg.data["ticket"], "copy": copy}, client_id=msg.node_id)


def _on_played(environment: Environment, msg: Message, **_kw: Any) -> None:
    handout = _handout[0]
    _players.add(str(msg.node_id))
    handout.receive(int(msg.data["scenario"]), dict(msg.data["transcript"]))
    if handout.done and environment.runner is not None:
        # quit from a greenlet of its own: the handler may be running inside a user
        gevent.spawn(environment.runner.quit)


def on_init(environment: Environment, **_kw: Any) -> None:
    """Register the messages each role handles; the master loads the scenarios."""
    # Locust logs at INFO: httpx would add a line per request, in every worker's output
    logging.getLogger("httpx").setLevel(logging.WARNING)
    runner = environment.runner
    if runner is None:
        return
    if not isinstance(runner, MasterRunner):
        runner.register_message(COPY, on_copy)
    if not isinstance(runner, WorkerRunner):
        options = environment.parsed_options
        paths = list(getattr(options, "persistguard_scenarios", None) or [])
        if not paths:
            raise SystemExit("persistguard: --persistguard-scenarios is required on the master")
        try:
            _handout[:] = [Handout(paths, getattr(options, "persistguard_seed", None))]
        except HarnessError as exc:
            raise SystemExit(f"persistguard: error: {exc}") from None
        runner.register_message(CLAIM, _on_claim)
        runner.register_message(PLAYED, _on_played)


def on_quitting(environment: Environment, **_kw: Any) -> None:
    """Write whatever came back (all copies, or fewer if the run was cut short)."""
    target = getattr(environment.parsed_options, "persistguard_results", "")
    if not _handout or not target:
        return
    total = environment.stats.total
    _handout[0].write(
        target,
        {
            "requests": total.num_requests,
            "failures": total.num_failures,
            "median_ms": total.median_response_time,
            "players": sorted(_players),
        },
    )


events.init_command_line_parser.add_listener(add_options)
events.init.add_listener(on_init)
events.quitting.add_listener(on_quitting)
