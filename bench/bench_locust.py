"""Throughput of one scenario driven by the harness's runner and by Locust, measured in one run.

One reference server (`persistguard serve` in its own process, on a database
of its own) takes the same scenario from each driver in turn: the runner
(`persistguard replay --base-url`), Locust standalone, and Locust as a master
with 1 and with 2 local workers (`persistguard locust`). Drivers alternate for
`--rounds` rounds; the table shows medians and ratios to the runner, never
asserts them. Throughput is HTTP operations per second between a run's first
request and its last answer, so Locust's process start-up is left out (it is
in the "wall s" column). Every run is judged too: a driver that broke an
invariant is not fast, it is wrong.

On a 2-core machine the server, PostgreSQL and every driver share the cores:
more workers cannot add capacity here, and the ratios say what each driver
costs rather than how far it scales.

    .venv/bin/python bench/bench_locust.py [--interviews 16] [--concurrency 8] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from harness.check.verdict import Verdict
from harness.locust.processes import LocustPlan, run_locust
from harness.locust.verdicts import judge_document
from harness.postgres import PostgresChoice, database_name, provision, release
from harness.replay import replay_on
from harness.report.summary import summarize
from harness.run.target import UrlTarget
from harness.scenario.loader import load_scenario
from reference_app.db import create_schema

SCENARIO = """\
name: bench locust
interview: {{project_title: Bench, project_description: Bench flow., ai_followups: 2}}
load: {{interviews: {n}, concurrency: {c}, seed: 1}}
steps: [start, answer_all]
final: {{status: completed, message_count: 40}}
"""


def start_server(db_url: str) -> tuple[subprocess.Popen[str], str]:
    """`persistguard serve` on `db_url` in its own process; its base URL."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    serve = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "serve", "--port", "0", "--pg-url", db_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert serve.stdout is not None
    lines: list[str] = []
    while not any("database:" in line for line in lines):
        line = serve.stdout.readline()
        if not line and serve.poll() is not None:
            raise SystemExit("persistguard serve did not start:\n" + "".join(lines))
        lines.append(line)
    found = re.search(r"on (http://\S+)", "".join(lines))
    assert found is not None
    return serve, found[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=16)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    console = Console(width=None if sys.stdout.isatty() else 120)
    server = provision(PostgresChoice.from_env())
    name = database_name("bench_locust")
    try:
        db_url = server.create_database(name)
        create_schema(db_url)
        serve, base_url = start_server(db_url)
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "bench-locust.yaml"
                path.write_text(SCENARIO.format(n=args.interviews, c=args.concurrency))
                scenario = load_scenario(path)

                def runner() -> Verdict:
                    return asyncio.run(replay_on(scenario, UrlTarget(base_url), db_url))

                def locust(workers: int) -> Callable[[], Verdict]:
                    plan = LocustPlan(base_url, args.concurrency, args.concurrency, workers)

                    def run() -> Verdict:
                        outcome = run_locust(plan, [str(path)])
                        (verdict,) = judge_document(outcome.document, [scenario], plan.mode, db_url)
                        return verdict

                    return run

                drivers: dict[str, Callable[[], Verdict]] = {
                    "harness runner (replay)": runner,
                    "locust standalone": locust(0),
                    "locust master + 1 worker": locust(1),
                    "locust master + 2 workers": locust(2),
                }
                results: dict[str, list[tuple[float, float, int]]] = {k: [] for k in drivers}
                for _ in range(args.rounds):
                    for label, drive in drivers.items():
                        start = time.perf_counter()
                        verdict = drive()
                        wall = time.perf_counter() - start
                        if not verdict.passed:
                            raise SystemExit(f"{label}: {verdict.failures()[0].describe()}")
                        s = summarize(verdict)
                        results[label].append((s.throughput, wall, s.operations))
        finally:
            serve.send_signal(signal.SIGINT)
            serve.wait(30)
            if serve.stdout is not None:
                serve.stdout.close()
    finally:
        server.drop_database(name)
        release(server)

    table = Table(
        title=f"{args.interviews} full interviews, {args.concurrency} users / in flight, "
        f"median of {args.rounds} rounds (every run's invariants held)"
    )
    for column in ("driver", "requests", "wall s", "req/s", "ratio to runner", "range"):
        table.add_column(column, justify="right")
    base = [r[0] for r in results["harness runner (replay)"]]
    for label, rows in results.items():
        rate = statistics.median(r[0] for r in rows)
        ratios = sorted(r[0] / b for r, b in zip(rows, base, strict=True))
        table.add_row(
            label,
            str(rows[0][2]),
            f"{statistics.median(r[1] for r in rows):.1f}",
            f"{rate:.1f}",
            f"{rate / statistics.median(base):.2f}",
            f"{ratios[0]:.2f}..{ratios[-1]:.2f}",
        )
    console.print(table)


if __name__ == "__main__":
    main()
