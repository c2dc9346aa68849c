"""Judge a Locust run: each scenario's copies, put back together, against PostgreSQL.

The same judge as `replay` (`harness.check.verdict.judge_url`) on the same
kind of `RunResult`: only the way the copies were played differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from harness.check.storage import StorageMap
from harness.check.verdict import Verdict, judge_url
from harness.errors import HarnessError
from harness.locust.transcript import assemble
from harness.scenario.model import Scenario


def judge_document(
    document: dict[str, Any],
    scenarios: Sequence[Scenario],
    target: str,
    db_url: str,
    storage: StorageMap | None = None,
) -> list[Verdict]:
    """One verdict per scenario, in order, from the master's results `document`."""
    paths = [scenario.path for scenario in scenarios]
    if list(document.get("scenarios", [])) != paths:
        raise HarnessError(
            f"the Locust master played {document.get('scenarios')}, not the scenarios "
            f"persistguard loaded ({paths})"
        )
    verdicts = []
    for index, scenario in enumerate(scenarios):
        copies = [c for c in document["copies"] if c["scenario"] == index]
        verdicts.append(judge_url(assemble(scenario, copies, target), db_url, storage))
    return verdicts
