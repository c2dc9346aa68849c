"""The harness's own overhead, measured in one run and printed as ratios (never asserted).

1. Driving: the same 50-interview full flow (sync answers, 16 in flight) by a
   minimal hand-written httpx loop vs by the runner (seeded scheduler,
   history, expectations) plus the invariant checks. The drivers alternate for
   `--rounds` rounds, each on a fresh clone, and the table shows the medians
   of wall time and of this process's CPU time: on a shared machine one pass
   of each is mostly noise, and CPU time is what the runner itself adds.
2. Isolation: a fresh database by template clone vs by building the schema.

    .venv/bin/python bench/bench_harness.py [--interviews 50] [--concurrency 16] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time

import httpx
from rich.console import Console
from rich.table import Table

from harness.check.verdict import judge_url
from harness.postgres import PostgresChoice, TemplateDatabase, database_name, provision, release
from harness.run.runner import Runner
from harness.run.target import reference_target
from harness.scenario.loader import parse_scenario
from reference_app import Settings, create_app, shutdown
from reference_app.db import create_schema

SCENARIO = """\
name: bench
interview: {{project_title: Bench, project_description: Bench flow., ai_followups: 2}}
load: {{interviews: {n}, concurrency: {c}, seed: 1}}
steps: [start, answer_all]
final: {{status: completed, message_count: 40}}
"""


async def hand_loop(url: str, interviews: int, concurrency: int) -> int:
    """The least a client can do: create, start, answer until completed; count requests."""
    app = create_app(Settings(url))
    gate = asyncio.Semaphore(concurrency)
    sent = 0

    async def one(client: httpx.AsyncClient) -> None:
        nonlocal sent

        async def post(path: str, body: dict[str, object] | None = None) -> dict[str, object]:
            nonlocal sent
            async with gate:
                sent += 1
                reply = await client.post(path, json=body)
            reply.raise_for_status()
            return dict(reply.json())

        created = await post("/interviews", {"project_title": "Bench",
                                             "project_description": "Bench flow.",
                                             "ai_followups": 2})
        state = await post(f"/interviews/{created['id']}/start")
        n = 1
        while state["status"] != "completed":
            state = await post(f"/interviews/{created['id']}/send-message",
                               {"content": f"answer {n}"})
            n += 1

    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://bench") as client:
            await asyncio.gather(*(one(client) for _ in range(interviews)))
    finally:
        await shutdown(app)
    return sent


def timed(fn, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def measured(fn):  # type: ignore[no-untyped-def]
    """((wall seconds, CPU seconds of this process), result) of `fn()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return (time.perf_counter() - wall, time.process_time() - cpu), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--clones", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    server = provision(PostgresChoice.from_env())
    console = Console(width=None if sys.stdout.isatty() else 120)
    try:
        template = TemplateDatabase(server, create_schema, label="bench_tpl")
        scenario = parse_scenario(SCENARIO.format(n=args.interviews, c=args.concurrency))

        # wall and CPU seconds of this process per round: CPU time is what the runner adds
        # on top of the app, and it is far less disturbed by other work on the machine
        hand: list[tuple[float, float]] = []
        runner: list[tuple[float, float]] = []
        checked: list[tuple[float, float]] = []
        for _ in range(args.rounds):
            hand_db = template.clone("bench_hand")
            hand_t, sent = measured(lambda db=hand_db: asyncio.run(
                hand_loop(db.url, args.interviews, args.concurrency)))
            run_db = template.clone("bench_runner")
            run_t, run = measured(lambda db=run_db: asyncio.run(
                Runner(reference_target(db.url)).run(scenario)))
            check_t, verdict = measured(lambda db=run_db, r=run: judge_url(r, db.url))
            assert verdict.passed, verdict.failures()[:1]
            server.drop_database(hand_db.name)
            server.drop_database(run_db.name)
            hand.append(hand_t)
            runner.append(run_t)
            checked.append((run_t[0] + check_t[0], run_t[1] + check_t[1]))

        drive = Table(title=f"driving {args.interviews} full interviews "
                            f"({args.concurrency} in flight), median of {args.rounds} rounds")
        for column in ("driver", "requests", "wall s", "req/s", "ratio", "ratio range",
                       "cpu s", "cpu ratio"):
            drive.add_column(column, justify="right")
        http_ops = sum(1 for op in run.history if op.f != "wait")
        hand_wall = statistics.median(t[0] for t in hand)
        hand_cpu = statistics.median(t[1] for t in hand)
        for label, times, requests in (
            ("hand-written httpx loop", hand, sent),
            ("runner (scheduler + history)", runner, http_ops),
            ("runner + invariant checks", checked, http_ops),
        ):
            wall = statistics.median(t[0] for t in times)
            cpu = statistics.median(t[1] for t in times)
            ratios = sorted(t[0] / h[0] for t, h in zip(times, hand, strict=True))
            spread = f"{ratios[0]:.2f}..{ratios[-1]:.2f}" if times is not hand else ""
            drive.add_row(label, str(requests), f"{wall:.2f}", f"{requests / wall:.0f}",
                          f"{wall / hand_wall:.2f}", spread, f"{cpu:.2f}", f"{cpu / hand_cpu:.2f}")
        console.print(drive)

        clone_times, build_times = [], []
        for _ in range(args.clones):
            t, db = timed(template.clone, "bench_iso")
            clone_times.append(t)
            server.drop_database(db.name)
            name = database_name("bench_build")
            start = time.perf_counter()
            create_schema(server.create_database(name))
            build_times.append(time.perf_counter() - start)
            server.drop_database(name)
        clone_ms = 1000 * sum(clone_times) / len(clone_times)
        build_ms = 1000 * sum(build_times) / len(build_times)
        iso = Table(title=f"a fresh database, mean of {args.clones}")
        for column in ("method", "ms", "ratio"):
            iso.add_column(column, justify="right")
        iso.add_row("CREATE DATABASE ... TEMPLATE", f"{clone_ms:.1f}", "1.00")
        iso.add_row("CREATE DATABASE + create_schema", f"{build_ms:.1f}",
                    f"{build_ms / clone_ms:.2f}")
        console.print(iso)
        template.drop()
    finally:
        release(server)


if __name__ == "__main__":
    main()
