"""How often each timing-dependent mutant is caught, without and with race amplification.

For every mutant marked timing-dependent, its killing scenario is replayed
`--runs` times (each run under its own scheduler seed) against the mutant
in-process, first with the app talking to PostgreSQL directly, then through
the COMMIT-delaying proxy (`harness.proxy`). The table shows the share of
runs that failed (the detection rate) and the wall time per run, measured in
one run of this script and printed, never asserted. The reference app runs
each of those scenarios first, the same number of times: a failure there
would be a false alarm, with or without amplification.

Amplified runs are what `persistguard mutants --run --commit-delay S --jitter S/2`
does: every app reaches PostgreSQL through the proxy (`RunSettings.amplify`).

    .venv/bin/python bench/detection_rate.py [--runs 50] [--commit-delay 0.05] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from harness.mutants import RunSettings, all_mutants, build
from harness.mutants.runtime_check import bundled_scenario_paths, run_scenarios
from harness.postgres import PostgresChoice, TemplateDatabase, provision, release
from harness.proxy import DelayPolicy
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
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--commit-delay", type=float, default=0.05, metavar="SECONDS")
    parser.add_argument("--mutant", action="append", help="only these (default: every timing one)")
    parser.add_argument("--pg-url")
    args = parser.parse_args()

    bundled = {s.stem: s for s in load_paths(bundled_scenario_paths())}
    mutants = [m for m in all_mutants() if m.timing and (not args.mutant or m.name in args.mutant)]
    policy = DelayPolicy(commit_delay=args.commit_delay, jitter=args.commit_delay / 2)
    modes: list[DelayPolicy | None] = [None, policy]

    table = Table(title=f"detection rate over {args.runs} runs (commit delay {args.commit_delay}s)")
    for column in ("mutant", "scenario", "direct", "s/run", "amplified", "s/run", "cost"):
        table.add_column(column, justify="left" if column in ("mutant", "scenario") else "right")
    server = provision(PostgresChoice.from_env(args.pg_url))
    try:
        template = TemplateDatabase(server, create_schema, label="detect_tpl")
        try:
            # The reference app first, on each scenario: amplification must not fail it.
            controls = [(None, k) for k in dict.fromkeys(KILLER[m.name] for m in mutants)]
            for mutant, killer in [*controls, *((m, KILLER[m.name]) for m in mutants)]:
                label = mutant.name if mutant else "reference (control)"
                scenario = bundled.get(killer) or parse_scenario(killer, f"<{label}>")
                cells: list[str] = []
                per_run: list[float] = []
                with tempfile.TemporaryDirectory() as folder:
                    copy = build(mutant, Path(folder))
                    main_module = copy.import_app()
                    try:
                        for amplify in modes:
                            started = time.perf_counter()
                            outcome = run_scenarios(
                                main_module,
                                [scenario],
                                template,
                                RunSettings(runs=args.runs, amplify=amplify),
                                label,
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
                table.add_row(label, scenario.name, *cells, cost)
                Console(stderr=True, style="dim").print(f"{label}: {cells}")
        finally:
            template.drop()
    finally:
        release(server)
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
