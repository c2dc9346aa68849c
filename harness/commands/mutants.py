"""`persistguard mutants`: prove that the linter and the scenarios catch the bug class.

Exit codes: 0 every mutant was flagged (or is argued runtime-only) and killed
in every run (or is argued equivalent and survived), 1 otherwise, 2 usage or
environment error.
"""

from __future__ import annotations

import argparse
from typing import Any

from harness.errors import HarnessError
from harness.extras import require_harness


def register(sub: Any) -> None:
    """Add the `mutants` subcommand."""
    parser = sub.add_parser(
        "mutants",
        help="build mutants of the reference app and check that lint and scenarios catch them",
        description="Generate mutants of reference_app/ (libcst edits of its source), lint each "
        "copy and, with --run, replay the bundled scenarios against it in-process.",
    )
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="name every scenario that killed a mutant (default: the first three)",
    )
    parser.add_argument("--diff", metavar="NAME", help="print one mutant's patch and exit")
    parser.add_argument("--run", action="store_true", help="also replay the scenarios")
    parser.add_argument("--runs", type=int, default=1, metavar="N", help="runs per mutant")
    parser.add_argument(
        "--mutant", action="append", metavar="NAME", help="only these mutants (repeatable)"
    )
    parser.add_argument(
        "--scenario",
        action="append",
        metavar="PATH",
        help="scenario files or folders (default: scenarios/*.yaml and the mutants' own)",
    )
    parser.add_argument(
        "--commit-delay",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="amplify races: every app talks to PostgreSQL through the proxy, which holds each "
        "COMMIT this long (overrides the scenarios' own chaos: blocks)",
    )
    parser.add_argument(
        "--jitter",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="with --commit-delay: add a seeded random wait in [0, SECONDS) to each delay",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=1,
        metavar="N",
        help="evaluate N mutants side by side in worker processes (default: %(default)s); runs "
        "mostly wait on deadlines and held COMMITs, so N above the core count still helps",
    )
    parser.add_argument("--pg-url", help="PostgreSQL to provision on (default: embedded)")
    parser.add_argument("--pg-provider", help="auto, url, embedded, docker or local")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """List, diff, or evaluate; see the module docstring for exit codes."""
    require_harness("`persistguard mutants`")
    from rich.console import Console

    from harness.mutants.build import build
    from harness.mutants.catalog import all_mutants
    from harness.mutants.evaluate import evaluate
    from harness.mutants.runtime_check import RunSettings, bundled_scenario_paths
    from harness.mutants.table import print_catalog, print_results
    from harness.postgres import PostgresChoice
    from harness.scenario.loader import load_paths

    console = Console()
    progress = Console(stderr=True, style="dim", highlight=False)
    mutants = all_mutants()
    if args.runs < 1:
        raise HarnessError(f"--runs must be a positive integer, got {args.runs}")
    if args.jobs < 1:
        raise HarnessError(f"--jobs must be a positive integer, got {args.jobs}")
    names = {m.name: m for m in mutants}
    wanted = args.mutant or []
    if args.diff:
        wanted = [args.diff]
    unknown = [name for name in wanted if name not in names]
    if unknown:
        raise HarnessError(
            f"unknown mutant(s) {', '.join(unknown)} (see `persistguard mutants --list`)"
        )
    chosen = [names[name] for name in wanted] if wanted else mutants
    if args.list:
        print_catalog(chosen, console)
        return 0
    if args.diff:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            print(build(chosen[0], Path(folder)).diff, end="")
        return 0
    amplify = None
    if args.commit_delay or args.jitter:
        from harness.proxy import DelayPolicy

        if not args.run:
            raise HarnessError("--commit-delay and --jitter amplify scenario runs: add --run")
        try:
            amplify = DelayPolicy(commit_delay=args.commit_delay, jitter=args.jitter)
        except ValueError as exc:
            raise HarnessError(str(exc)) from None
    scenarios = None
    if args.run:
        scenarios = load_paths(args.scenario or bundled_scenario_paths())
    results = evaluate(
        [None, *chosen],
        scenarios,
        postgres=PostgresChoice.from_env(args.pg_url, args.pg_provider),
        settings=RunSettings(runs=args.runs, amplify=amplify),
        jobs=args.jobs,
        on_result=lambda r: progress.print(f"{r.name}: {'ok' if r.passed else 'FAIL'}"),
    )
    note = f"every app through the proxy: {amplify.describe()}" if amplify else ""
    print_results(results, console, runs=args.run, note=note, every_killer=args.verbose)
    return 0 if all(result.passed for result in results) else 1
