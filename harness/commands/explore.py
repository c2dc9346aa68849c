"""`persistguard explore`: let Hypothesis search interview flows for an invariant that breaks.

Exit codes: 0 nothing failed within the budget, 1 a failure was found (and
written to the regressions folder), 2 usage or environment error.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.extras import require_harness


def register(sub: Any) -> None:
    """Add the `explore` subcommand."""
    parser = sub.add_parser(
        "explore",
        help="search interview flows, interleavings and seeds with Hypothesis",
        description="Hypothesis draws interview flows, concurrent steps, the scheduler seed, "
        "the load and the race amplification (COMMITs held in the proxy, or not); the harness "
        "runs and judges each; a failure is shrunk and written as a scenario file that "
        "replays it.",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="search time (shrinking a failure may take up to twice more)",
    )
    parser.add_argument("--seed", type=int, help="Hypothesis seed (printed by every run)")
    parser.add_argument(
        "--mutant",
        metavar="NAME",
        help="explore a mutant of the reference app (default: the app itself)",
    )
    parser.add_argument("--max-examples", type=int, default=10_000, metavar="N")
    parser.add_argument(
        "--out",
        default="scenarios/regressions",
        metavar="FOLDER",
        help="where a failure's scenario file goes",
    )
    parser.add_argument("--pg-url", help="PostgreSQL to provision on (default: embedded)")
    parser.add_argument("--pg-provider", help="auto, url, embedded, docker or local")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Search, report, write the regression; see the module docstring for exit codes."""
    require_harness("`persistguard explore`")
    from harness.explore import ExploreSettings, explore, write_regression
    from harness.postgres import PostgresChoice

    if args.budget <= 0:
        raise HarnessError(f"--budget must be a positive number of seconds, got {args.budget}")
    options = ExploreSettings(
        mutant=args.mutant,
        budget=args.budget,
        shrink_budget=2 * args.budget,
        seed=args.seed,
        max_examples=args.max_examples,
        postgres=PostgresChoice.from_env(args.pg_url, args.pg_provider),
    )
    found = explore(options)
    print(
        f"persistguard explore: target {found.target}, seed {found.seed} "
        f"(rerun: --seed {found.seed}), {found.examples} cases in {found.elapsed:.0f}s"
    )
    if found.finding is None:
        print("no invariant failed")
        return 0
    path = write_regression(found, Path(args.out))
    print(f"failed: {', '.join(found.finding.broken)}")
    print(f"shrunk case written to {path}")
    return 1
