"""How often each timing-dependent mutant is caught, without and with race amplification.

For every mutant marked timing-dependent, its killing scenario is replayed
`--runs` times (each run under its own scheduler seed) against the mutant
in-process, first with the app talking to PostgreSQL directly, then through
the COMMIT-delaying proxy (`harness.proxy`). The table shows the share of
runs that failed (the detection rate) and the wall time per run, measured in
one run of this script and printed, never asserted.

The amplified column needs `harness.proxy`; without it the column says so
and the hook (`RunSettings.app_database`) is all that is left to wire.

    .venv/bin/python bench/detection_rate.py [--runs 50] [--commit-delay 0.05] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from harness.mutants import RunSettings, all_mutants, build
from harness.mutants.runtime_check import (
    AppDatabase,
    bundled_scenario_paths,
    direct,
    run_scenarios,
)
from harness.postgres import PostgresChoice, TemplateDatabase, provision, release
from harness.scenario.loader import load_paths, parse_scenario
from reference_app.db import create_schema

#: Small scenarios, one per kind of race, so that 50 runs stay affordable: each gives the
#: race a few chances per run, not the dozens a bundled scenario does.
ASYNC_ANSWERS = """\
name: three async answers
interview: {project_title: Bench, project_description: Three async answers., ai_followups: 0}
defaults: {deadline: 3}
steps: [start, {action: answer, mode: async}, {action: answer, mode: async},
        {action: answer, mode: async}]
"""
DOUBLE_SUBMIT = """\
name: one double submission
interview: {project_title: Bench, project_description: One burst of three., ai_followups: 0}
steps: [start, {action: burst, count: 3, expect: {status: [200, 409], accepted: {min: 1}}}]
"""

#: The scenario each timing-dependent mutant is measured with.
KILLER = {
    "spawn-before-commit": ASYNC_ANSWERS,
    "spawn-after-flush": ASYNC_ANSWERS,
    "drop-row-lock": DOUBLE_SUBMIT,
    "followup-under-row-lock": "answer-during-followup",
    "job-gets-request-session": ASYNC_ANSWERS,
}


def amplifier(commit_delay: float) -> AppDatabase | None:
    """The proxy hook, or None when `harness.proxy` is not installed in this build."""
    try:
        from harness.proxy import DelayPolicy, running_proxy  # type: ignore[import-not-found]
    except ImportError:
        return None

    def through_proxy(url: str) -> contextlib.AbstractAsyncContextManager[str]:
        policy = DelayPolicy(commit_delay=commit_delay, jitter=commit_delay / 2, seed=0)
        return running_proxy(url, policy)  # type: ignore[no-any-return]

    return through_proxy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--commit-delay", type=float, default=0.05, metavar="SECONDS")
    parser.add_argument("--mutant", action="append", help="only these (default: every timing one)")
    parser.add_argument("--pg-url")
    args = parser.parse_args()

    bundled = {s.stem: s for s in load_paths(bundled_scenario_paths())}
    mutants = [m for m in all_mutants() if m.timing and (not args.mutant or m.name in args.mutant)]
    amplified = amplifier(args.commit_delay)
    modes: list[tuple[str, AppDatabase | None]] = [("direct", direct), ("proxy", amplified)]

    table = Table(title=f"detection rate over {args.runs} runs (commit delay {args.commit_delay}s)")
    for column in ("mutant", "scenario", "direct", "s/run", "amplified", "s/run", "cost"):
        table.add_column(column, justify="left" if column in ("mutant", "scenario") else "right")
    server = provision(PostgresChoice.from_env(args.pg_url))
    try:
        template = TemplateDatabase(server, create_schema, label="detect_tpl")
        try:
            for mutant in mutants:
                killer = KILLER[mutant.name]
                scenario = bundled.get(killer) or parse_scenario(killer, f"<{mutant.name}>")
                cells: list[str] = []
                per_run: list[float] = []
                with tempfile.TemporaryDirectory() as folder:
                    copy = build(mutant, Path(folder))
                    main_module = copy.import_app()
                    try:
                        for _label, hook in modes:
                            if hook is None:
                                cells += ["no proxy in this build", "-"]
                                continue
                            started = time.perf_counter()
                            outcome = run_scenarios(
                                main_module,
                                [scenario],
                                template,
                                RunSettings(runs=args.runs, app_database=hook),
                                mutant.name,
                            )
                            took = (time.perf_counter() - started) / args.runs
                            per_run.append(took)
                            rate = outcome.killed_runs() / args.runs
                            cells += [
                                f"{outcome.killed_runs()}/{args.runs} ({rate:.0%})",
                                f"{took:.2f}",
                            ]
                    finally:
                        copy.forget()
                cost = f"{per_run[1] / per_run[0]:.2f}x" if len(per_run) == 2 else "-"
                table.add_row(mutant.name, scenario.name, *cells, cost)
                Console(stderr=True, style="dim").print(f"{mutant.name}: {cells}")
        finally:
            template.drop()
    finally:
        release(server)
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
