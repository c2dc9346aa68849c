"""The search: Hypothesis draws scenario documents, the harness runs and judges them, shrinks.

Each drawn case goes through the same loader, runner and invariants as a
scenario file, on a fresh clone, against the reference app or one of its
mutants running in this process. Hypothesis cannot run async tests and has
no say over the event loop; interleavings come from the harness's seeded
scheduler, whose seed is one of the drawn values.

A case counts as failing only when it fails `confirm` times in a row: a race
that goes wrong once in a while would shrink to a case that replays green
as often as red, while a case that must fail every time keeps what makes it
fail (typically the drawn amplification).

The time budget bounds the search, not the shrink: once a case failed,
shrinking runs on (up to `shrink_budget` more) so the regression is small.
When time is up the search stops at once, keeping the smallest failure.
Verdicts of failing documents are kept, so the final replay Hypothesis makes
of the shrunk case is that case's own verdict even if the clock ran out.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from harness.check.verdict import Verdict
from harness.errors import HarnessError
from harness.explore.strategies import Document, scenario_documents
from harness.mutants.build import build
from harness.mutants.catalog import all_mutants
from harness.mutants.runtime_check import RunSettings, replay_mutant
from harness.postgres import PostgresChoice, TemplateDatabase, provision, release
from harness.scenario.loader import parse_scenario

#: Where Hypothesis keeps the examples it found, as it does for any project's tests.
EXAMPLES_DIR = ".hypothesis/examples"


@dataclass(frozen=True)
class ExploreSettings:
    """What to explore and for how long; `seed` None draws one (and the run prints it)."""

    mutant: str | None = None
    budget: float = 60.0
    shrink_budget: float = 120.0
    seed: int | None = None
    max_examples: int = 10_000
    #: runs a case must fail in a row to count as failing (the regression must replay red)
    confirm: int = 2
    postgres: PostgresChoice = field(default_factory=PostgresChoice)
    run: RunSettings = field(default_factory=RunSettings)
    examples_dir: str | None = EXAMPLES_DIR


@dataclass(frozen=True)
class Finding:
    """The shrunk failing case: its document and the verdict it got."""

    document: Document
    verdict: Verdict

    @property
    def broken(self) -> tuple[str, ...]:
        return tuple(result.name for result in self.verdict.results if not result.passed)


@dataclass(frozen=True)
class Exploration:
    """What a search did: the seed, the cases run, the target, and the finding if any."""

    target: str
    seed: int
    examples: int
    elapsed: float
    finding: Finding | None


class _OutOfTime(BaseException):
    """Not an `Exception`: Hypothesis lets it through at once instead of shrinking it."""


class _Failed(Exception):
    def __init__(self, document: Document, verdict: Verdict) -> None:
        super().__init__(f"{len(verdict.failures())} failure(s)")
        self.document, self.verdict = document, verdict


def dump(document: Document) -> str:
    """The document as YAML, keys in the order a scenario file has them."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def explore(options: ExploreSettings) -> Exploration:
    """Search for a failing case; return the shrunk one, or None within the budget."""
    mutants = {m.name: m for m in all_mutants()}
    if options.mutant is not None and options.mutant not in mutants:
        raise HarnessError(f"unknown mutant `{options.mutant}` (see `persistguard mutants --list`)")
    mutant = mutants.get(options.mutant) if options.mutant else None
    target = options.mutant or "reference"
    chosen_seed = options.seed if options.seed is not None else random.randrange(2**32)
    server = provision(options.postgres)
    try:
        from reference_app.db import create_schema

        template = TemplateDatabase(server, create_schema, label="explore_tpl")
        try:
            with tempfile.TemporaryDirectory(prefix="persistguard-explore-") as folder:
                copy = build(mutant, Path(folder))
                main = copy.import_app()
                try:
                    return _search(options, target, chosen_seed, main, template)
                finally:
                    copy.forget()
        finally:
            template.drop()
    finally:
        release(server)


def _search(
    options: ExploreSettings,
    target: str,
    chosen_seed: int,
    main: object,
    template: TemplateDatabase,
) -> Exploration:
    failures: dict[str, Verdict] = {}
    last: list[_Failed] = []
    started = time.monotonic()
    runs = [0]

    def check(document: Document) -> None:
        text = dump(document)
        verdict = failures.get(text)
        if verdict is None:
            spent = time.monotonic() - started
            if spent > options.budget + (options.shrink_budget if failures else 0):
                raise _OutOfTime  # the shrink so far is kept: the last failure is the smallest
            scenario = parse_scenario(text, "<explored>")
            runs[0] += 1
            for _ in range(max(1, options.confirm)):
                verdict = asyncio.run(replay_mutant(main, scenario, template, options.run, target))  # type: ignore[arg-type]
                if verdict.passed:
                    return  # passed, or failed only sometimes: not a case to keep
            assert verdict is not None
            failures[text] = verdict
            # The shrinker only tries cases smaller than its current one: the latest
            # failure is the smallest so far.
            last[:] = [_Failed(document, verdict)]
        # One place raises, so Hypothesis sees one failure, replayed or not.
        raise _Failed(document, verdict)

    # One example database per target: what fails a mutant is retried first on that mutant.
    check._hypothesis_internal_add_digest = f"persistguard-explore:{target}".encode()  # type: ignore[attr-defined]
    database = DirectoryBasedExampleDatabase(options.examples_dir) if options.examples_dir else None
    test = settings(
        max_examples=options.max_examples,
        deadline=None,
        database=database,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
    )(seed(chosen_seed)(given(scenario_documents())(check)))
    finding = None
    try:
        test()
    except _Failed as failed:
        finding = Finding(failed.document, failed.verdict)
    except _OutOfTime:
        finding = Finding(last[0].document, last[0].verdict) if last else None
    return Exploration(target, chosen_seed, runs[0], time.monotonic() - started, finding)
