"""Put each mutant through both checks: build a copy, lint it, replay the scenarios against it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from harness.check.verdict import Verdict
from harness.mutants.build import build
from harness.mutants.catalog import load_source
from harness.mutants.lint_check import known_rules, lint_copy
from harness.mutants.model import Mutant
from harness.mutants.runtime_check import RunSettings, run_scenarios
from harness.mutants.verdict import MutantResult
from harness.postgres import PostgresChoice, TemplateDatabase, provision, release
from harness.scenario.model import Scenario


def evaluate(
    mutants: Sequence[Mutant | None],
    scenarios: Sequence[Scenario] | None,
    *,
    postgres: PostgresChoice | None = None,
    settings: RunSettings | None = None,
    on_result: Callable[[MutantResult], None] | None = None,
    on_verdict: Callable[[Verdict], None] | None = None,
) -> list[MutantResult]:
    """Lint every mutant (None: the reference app, as a control); replay `scenarios` against
    each unless None. PostgreSQL is provisioned once and released at the end."""
    source = load_source()
    rules = known_rules()
    settings = settings or RunSettings()
    results: list[MutantResult] = []
    server = provision(postgres or PostgresChoice()) if scenarios is not None else None
    try:
        template = None
        if server is not None:
            from reference_app.db import create_schema

            template = TemplateDatabase(server, create_schema, label="mutants_tpl")
        try:
            for mutant in mutants:
                with tempfile.TemporaryDirectory(prefix="persistguard-mutant-") as folder:
                    copy = build(mutant, Path(folder), source)
                    findings = lint_copy(copy)
                    outcome = None
                    if template is not None and scenarios is not None:
                        main = copy.import_app()
                        try:
                            outcome = run_scenarios(
                                main,
                                scenarios,
                                template,
                                settings,
                                copy.name,
                                on_verdict,
                                quiet=mutant is not None,
                            )
                        finally:
                            copy.forget()
                result = MutantResult(mutant, findings, outcome, rules)
                results.append(result)
                if on_result is not None:
                    on_result(result)
        finally:
            if template is not None:
                template.drop()
    finally:
        if server is not None:
            release(server)
    return results
