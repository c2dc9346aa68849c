"""The dynamic half: replay scenarios against a mutant running in this process, N times.

Each (run, scenario) gets a fresh clone of the reference schema (the mutants
never touch the models) and a fresh app built from the mutant's package. The
app talks to the clone directly, or through the COMMIT-delaying proxy when
the run amplifies races (`RunSettings.amplify`, `mutants --commit-delay`) or
the scenario asks for it (its `chaos:` block); the invariants always read the
clone directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import logging
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from harness.check.verdict import Verdict
from harness.errors import HarnessError
from harness.mutants.build import PACKAGE
from harness.postgres import TemplateDatabase
from harness.proxy import DelayPolicy, proxy_in_thread
from harness.replay import replay_on
from harness.run.chaos import policy_for
from harness.run.target import AppTarget
from harness.scenario.model import Scenario

#: Seconds one scenario run may take before the mutant counts as having hung the app. The
#: reference app needs seconds for the largest bundled scenario; a mutant that leaks its
#: sessions exhausts the pool, and then every request waits out its own timeout.
HUNG_AFTER = 90.0

#: Scenarios that hold only with a slow AI, and the seconds its follow-ups take there:
#: "an answer sent while the follow-up is generated" must really be sent meanwhile.
SLOW_AI: dict[str, float] = {"answer-during-followup": 2.0}


@dataclass(frozen=True)
class RunSettings:
    """How a mutant is exercised: runs, the AI's latency, race amplification, seeds.

    `amplify` puts the proxy between every app and its database with this
    policy (seeded per scenario run), overriding any scenario's own `chaos:`.
    """

    runs: int = 1
    ai_latency: float = 0.0
    amplify: DelayPolicy | None = None
    vary_seed: bool = True
    hung_after: float = HUNG_AFTER

    def policy(self, scenario: Scenario) -> DelayPolicy | None:
        """The proxy's policy for one scenario run, or None to talk to PostgreSQL directly."""
        if self.amplify is not None:
            return dataclasses.replace(self.amplify, seed=scenario.load.seed)
        return policy_for(scenario)


@dataclass(frozen=True)
class Kill:
    """One scenario's failing verdict on a mutant: which run, which invariants broke."""

    scenario: str
    run: int
    broken: tuple[str, ...]


@dataclass
class RuntimeOutcome:
    """Which scenarios failed on which runs."""

    runs: int
    kills: list[Kill] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)

    def killed_runs(self) -> int:
        """In how many runs at least one scenario failed."""
        return len({kill.run for kill in self.kills})

    def killers(self) -> dict[str, int]:
        """Each killing scenario and in how many runs it killed."""
        counts: dict[str, int] = {}
        for kill in self.kills:
            counts[kill.scenario] = counts.get(kill.scenario, 0) + 1
        return counts


def seeded(scenario: Scenario, run: int, vary: bool) -> Scenario:
    """Run 0 uses the file's seed; later runs move on, so runs are different interleavings."""
    return scenario.with_seed(scenario.load.seed + run) if vary and run else scenario


async def replay_mutant(
    main: ModuleType,
    scenario: Scenario,
    template: TemplateDatabase,
    settings: RunSettings,
    label: str,
) -> Verdict:
    """One scenario on a fresh clone against a fresh app from the mutant's `main` module."""
    clone = await asyncio.to_thread(template.clone, scenario.stem)
    try:
        policy = settings.policy(scenario)
        with contextlib.ExitStack() as stack:
            app_url, how = clone.url, ""
            if policy is not None and policy.active:
                app_url = stack.enter_context(proxy_in_thread(clone.url, policy)).url
                how = f", through proxy ({policy.describe()})"
            settings_module = _sibling(main, "settings")
            app: Any = main.create_app(
                settings_module.Settings(
                    database_url=app_url,
                    ai_latency=SLOW_AI.get(scenario.stem, settings.ai_latency),
                )
            )
            target = AppTarget(app, shutdown=main.shutdown, label=f"asgi ({PACKAGE}: {label}{how})")
            async with asyncio.timeout(settings.hung_after):
                return await replay_on(scenario, target, clone.url)
    finally:
        await asyncio.to_thread(template.server.drop_database, clone.name)


def _sibling(main: ModuleType, name: str) -> ModuleType:
    import importlib

    return importlib.import_module(main.__name__.rpartition(".")[0] + "." + name)


def run_scenarios(
    main: ModuleType,
    scenarios: Sequence[Scenario],
    template: TemplateDatabase,
    settings: RunSettings,
    label: str,
    *,
    quiet: bool = True,
) -> RuntimeOutcome:
    """Every scenario, `settings.runs` times, against the mutant; the verdicts and kills."""
    outcome = RuntimeOutcome(runs=settings.runs)
    for run in range(settings.runs):
        for scenario in scenarios:
            with warnings.catch_warnings(), _muted(main if quiet else None):
                # A mutant leaks connections and sessions by design (a job on the request's
                # session); what it breaks is judged from storage, not from its warnings.
                if quiet:
                    warnings.simplefilter("ignore")
                try:
                    verdict = asyncio.run(
                        replay_mutant(
                            main,
                            seeded(scenario, run, settings.vary_seed),
                            template,
                            settings,
                            label,
                        )
                    )
                except HarnessError:
                    raise  # the environment's fault (no database, a bad file), not the mutant's
                except TimeoutError:
                    hung = f"hung: no verdict within {settings.hung_after:g} s"
                    outcome.kills.append(Kill(scenario.stem, run, (hung,)))
                    continue
                except Exception as exc:  # the run itself broke: no verdict, but not a pass
                    outcome.kills.append(Kill(scenario.stem, run, (f"crash: {exc!r}"[:200],)))
                    continue
                finally:
                    if quiet:
                        gc.collect()  # while the filter holds: leaked connections go now
            outcome.verdicts.append(verdict)
            if not verdict.passed:
                broken = tuple(r.name for r in verdict.results if not r.passed)
                outcome.kills.append(Kill(scenario.stem, run, broken))
    return outcome


@contextlib.contextmanager
def _muted(main: ModuleType | None) -> Iterator[None]:
    """Keep a mutant's own noise off the terminal: the jobs it lets fail, the connections it
    leaks ("Task exception was never retrieved", "The garbage collector is trying to clean
    up non-checked-in connection"). Its verdict says what broke."""
    if main is None:
        yield
        return
    package = main.__name__.rpartition(".")[0]
    loggers = [logging.getLogger(n) for n in ("asyncio", "sqlalchemy.pool", package)]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def bundled_scenario_paths() -> list[Path]:
    """The project's `scenarios/` with the regressions the explorer wrote there, and the
    mutants' own scenarios shipped beside this module."""
    import reference_app

    paths = []
    project = Path(reference_app.__file__).parent.parent / "scenarios"
    if project.is_dir():
        paths.extend(sorted(project.glob("*.yaml")))
        paths.extend(sorted((project / "regressions").glob("*.yaml")))
    paths.extend(sorted((Path(__file__).parent / "scenarios").glob("*.yaml")))
    return paths
