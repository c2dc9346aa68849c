"""Fixtures for users' own tests: the reference app, an httpx client, a scenario runner.

They build on `reference_database` (a clone of the reference schema per
test). The async ones are declared with `pytest_asyncio.fixture`, so they run
under any `asyncio_mode` (strict, the default, included) with no set-up in the
user's project; the tests that await them still need `@pytest.mark.asyncio` in
strict mode, as any async test does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from harness.check.storage import StorageMap
from harness.check.verdict import Verdict
from harness.postgres import ClonedDatabase
from harness.replay import replay_on
from harness.run.target import AppTarget, Target
from harness.scenario.loader import load_scenario, parse_scenario
from harness.scenario.model import Scenario


@dataclass(frozen=True)
class ScenarioRunner:
    """Runs scenarios (objects, files or YAML text) against one target and its database."""

    target: Target
    db_url: str
    storage: StorageMap = field(default_factory=StorageMap)
    #: Every verdict this runner returned: a failing test shows the failed ones in full.
    verdicts: list[Verdict] = field(default_factory=list)

    async def run(self, scenario: Scenario | str | Path, *, seed: int | None = None) -> Verdict:
        """Replay and judge; a `str` containing a newline is YAML text, else a path."""
        if isinstance(scenario, Path) or (isinstance(scenario, str) and "\n" not in scenario):
            scenario = load_scenario(scenario)
        elif isinstance(scenario, str):
            scenario = parse_scenario(scenario, "<inline scenario>")
        verdict = await replay_on(scenario.with_seed(seed), self.target, self.db_url, self.storage)
        self.verdicts.append(verdict)
        return verdict


@pytest_asyncio.fixture(loop_scope="function")
async def reference_app(reference_database: ClonedDatabase) -> AsyncIterator[Any]:
    """The reference FastAPI app bound to this test's database; shut down afterwards."""
    from reference_app import Settings, create_app, shutdown

    app = create_app(Settings(reference_database.url))
    try:
        yield app
    finally:
        await shutdown(app)


@pytest_asyncio.fixture(loop_scope="function")
async def reference_client(reference_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client calling the reference app in-process (ASGI)."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=reference_app), base_url="http://persistguard.test"
    ) as client:
        yield client


#: The runners a test used, read when it fails (`harness.pytest.hooks`).
RUNNERS = pytest.StashKey[list[ScenarioRunner]]()


@pytest.fixture
def scenario_runner(
    request: pytest.FixtureRequest, reference_app: Any, reference_database: ClonedDatabase
) -> ScenarioRunner:
    """Replays scenarios against the reference app and checks this test's database."""
    runner = ScenarioRunner(
        AppTarget(reference_app, label="asgi (reference_app)"), reference_database.url
    )
    request.node.stash.setdefault(RUNNERS, []).append(runner)
    return runner


def failed_verdicts(item: pytest.Item) -> list[Verdict]:
    """The failed verdicts of the runners `item` used."""
    runners = item.stash.get(RUNNERS, [])
    return [v for runner in runners for v in runner.verdicts if not v.passed]
