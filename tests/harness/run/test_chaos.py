"""A scenario's `chaos:` block puts the proxy between the app and PostgreSQL.

The correct reference app passes the bundled chaos scenario; the same app with
its follow-up job spawned before the commit fails it, because the held COMMIT
makes the job read before the answer (and the job row) exist.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from harness.check.storage import StorageMap
from harness.replay import ReferenceBackend
from harness.run.chaos import policy_for, proxy_advice
from harness.scenario.loader import load_scenario, parse_scenario
from reference_app.services import interviews
from reference_app.services.conversation import Plan

ROOT = Path(__file__).resolve().parents[3]
FOLLOWUPS = ROOT / "scenarios" / "followup-behind-held-commit.yaml"


def patch_spawn_before_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bug: `send-message-async` starts its job while the answer is still uncommitted."""
    running: set[asyncio.Task[None]] = set()

    def spawning_plan(*args: Any, after_commit: Any = (), **kwargs: Any) -> Plan:
        for work in after_commit:
            task = asyncio.create_task(work())
            running.add(task)
            task.add_done_callback(running.discard)
        return Plan(*args, **kwargs)

    monkeypatch.setattr(interviews, "Plan", spawning_plan)


@pytest.fixture
def backend(postgres_server):
    backend = ReferenceBackend(postgres_server)
    yield backend
    backend.close()


def test_the_correct_app_passes_behind_the_proxy(backend):
    verdict = asyncio.run(backend.replay(load_scenario(FOLLOWUPS), StorageMap()))
    assert verdict.passed, [f.describe() for f in verdict.failures()]
    assert verdict.run.target == (
        "asgi (reference_app) through proxy (COMMIT +0.2 s, jitter 0.05 s (seed 5))"
    )


def test_spawn_before_commit_fails_the_chaos_scenario(backend, monkeypatch):
    patch_spawn_before_commit(monkeypatch)
    verdict = asyncio.run(backend.replay(load_scenario(FOLLOWUPS), StorageMap()))
    assert not verdict.passed
    assert "followups_on_time" in {f.invariant for f in verdict.failures()}


CHAOS = """\
name: chaos
interview: {project_title: T, project_description: D, ai_followups: 0}
load: {seed: 4}
chaos: {statement_delay: 0.1, statements: "^UPDATE"}
steps: [start]
"""


def test_chaos_defaults_and_the_seed_come_from_the_scenario():
    policy = policy_for(parse_scenario(CHAOS, "c.yaml"))
    assert policy is not None
    assert (policy.commit_delay, policy.statement_delay, policy.statements, policy.seed) == (
        0.5,
        0.1,
        "^UPDATE",
        4,
    )
    assert policy_for(parse_scenario(CHAOS.replace("chaos:", "#"), "c.yaml")) is None


def test_a_base_url_run_is_told_which_proxy_and_url_its_server_needs():
    advice = proxy_advice(
        parse_scenario(CHAOS, "c.yaml"), "postgresql://app:secret@db.internal:5433/shop"
    )
    assert advice is not None
    assert "persistguard proxy --upstream <--db-url> --listen 127.0.0.1:6543" in advice
    assert "--statement-delay 0.1 --statements '^UPDATE'" in advice
    assert advice.endswith("postgresql://app@127.0.0.1:6543/shop")
    assert "secret" not in advice


def test_replay_with_a_base_url_prints_the_advice_before_it_runs(capsys):
    from harness.cli import main

    code = main(
        [
            "replay",
            str(FOLLOWUPS),
            "--base-url",
            "http://127.0.0.1:1",
            "--db-url",
            "postgresql://postgres@127.0.0.1:5432/app",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2  # nothing answers at the base URL
    assert f"{FOLLOWUPS}: chaos (COMMIT +0.2 s, jitter 0.05 s (seed 5)) needs your server" in err
    assert "database URL postgresql://postgres@127.0.0.1:6543/app" in err
